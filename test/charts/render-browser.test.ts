// render-browser.ts spells out each font's URL (bundlers rewrite only literal ones); they must
// stay the files and weights theme.ts lists for both renderers.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FONTS } from '../../src/charts/render-browser.js';
import { FONT_FILES } from '../../src/charts/theme.js';

describe('DEFAULT_FONTS', () => {
  it('are the FONT_FILES under assets/fonts/, with their weights', () => {
    const fontsDir = new URL('../../assets/fonts/', import.meta.url).href;
    expect(DEFAULT_FONTS.map(({ url, weight }) => ({ file: String(url).replace(fontsDir, ''), weight }))).toEqual(FONT_FILES);
  });
});
