/** segmint's version; recorded in model files and reports. Kept equal to package.json by a test. */
export const VERSION = '0.1.0';
