import { linkSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomically } from '../../src/cli/io.js';
import { SegmintError } from '../../src/errors.js';
import { filesIn, tempDir } from '../helpers/cli.js';

/** A directory holding in.csv, the input the outputs must not touch. */
function withInput(): { dir: string; input: string } {
  const dir = tempDir();
  const input = join(dir, 'in.csv');
  writeFileSync(input, 'a\n1\n');
  return { dir, input };
}

async function failure(promise: Promise<unknown>): Promise<SegmintError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SegmintError);
  return error as SegmintError;
}

describe('writeFilesAtomically refuses an output that is an input, by any spelling', () => {
  const spellings: [string, (dir: string, input: string) => string, RegExp][] = [
    ['the same path', (_dir, input) => input, /^output ".*in\.csv" is the input file; choose another output path$/],
    ['a path through a folder not yet made and ".."', (dir) => `${dir}/new/../in.csv`, /^output ".*new\/\.\.\/in\.csv" is the input file ".*in\.csv"; choose another output path$/],
    ['".." after a symlink to a folder, which leads to the parent of the folder it points to', (dir) => {
      mkdirSync(join(dir, 'deep'));
      mkdirSync(join(dir, 'elsewhere'));
      symlinkSync(join(dir, 'deep'), join(dir, 'elsewhere', 'link'));
      return `${dir}/elsewhere/link/../in.csv`;
    }, /^output ".*elsewhere\/link\/\.\.\/in\.csv" is the input file ".*in\.csv"/],
    ['a symlink to it', (dir, input) => (symlinkSync(input, join(dir, 'link.csv')), join(dir, 'link.csv')), /^output ".*link\.csv" is the input file ".*in\.csv"/],
    ['a hard link to it', (dir, input) => (linkSync(input, join(dir, 'hard.csv')), join(dir, 'hard.csv')), /^output ".*hard\.csv" is the input file ".*in\.csv"/],
  ];
  for (const [name, output, message] of spellings) {
    it(name, async () => {
      const { dir, input } = withInput();
      const target = output(dir, input);
      const before = filesIn(dir);
      const error = await failure(writeFilesAtomically([{ path: join(dir, 'other.csv'), content: 'x' }, { path: target, content: 'overwritten' }], { inputs: [input] }));
      expect(error.code).toBe('ERR_INVALID_ARGUMENT');
      expect(error.message).toMatch(message);
      expect(readFileSync(input, 'utf8')).toBe('a\n1\n');
      expect(filesIn(dir)).toEqual(before);
    });
  }

  it('and an input given through a symlink', async () => {
    const { dir, input } = withInput();
    symlinkSync(input, join(dir, 'link.csv'));
    const error = await failure(writeFilesAtomically([{ path: input, content: 'overwritten' }], { inputs: [join(dir, 'link.csv')] }));
    expect(error.message).toMatch(/is the input file ".*link\.csv"/);
    expect(readFileSync(input, 'utf8')).toBe('a\n1\n');
  });

  it('and a file it would remove as left by an earlier run', async () => {
    const { dir, input } = withInput();
    const error = await failure(writeFilesAtomically([{ path: join(dir, 'new.csv'), content: 'x' }], { inputs: [input], replaces: [join(dir, 'new.csv'), input] }));
    expect(error.message).toMatch(/is the input file/);
    expect(filesIn(dir)).toEqual(['in.csv']);
  });

  it('but writes beside it', async () => {
    const { dir, input } = withInput();
    await writeFilesAtomically([{ path: join(dir, 'in.csv.out'), content: 'x' }], { inputs: [input] });
    expect(filesIn(dir)).toEqual(['in.csv', 'in.csv.out']);
  });
});

describe('writeFilesAtomically into a path that cannot be a file', () => {
  it('names the file in the way of a folder, and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), '');
    for (const target of [join(dir, 'afile', 'x.csv'), join(dir, 'afile', 'deeper', 'x.csv')]) {
      const error = await failure(writeFilesAtomically([{ path: join(dir, 'first.csv'), content: 'x' }, { path: target, content: 'x' }], { inputs: [] }));
      expect([error.code, error.message]).toEqual(['ERR_FILE', `cannot write "${target}": "${join(dir, 'afile')}" is a file, not a directory`]);
      expect(filesIn(dir)).toEqual(['afile']);
    }
  });

  it('refuses a directory where the file goes', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out.csv'));
    const error = await failure(writeFilesAtomically([{ path: join(dir, 'first.csv'), content: 'x' }, { path: join(dir, 'out.csv'), content: 'x' }], { inputs: [] }));
    expect(error.message).toBe(`cannot write "${join(dir, 'out.csv')}": it is a directory, not a file`);
    expect(filesIn(dir)).toEqual(['out.csv']);
  });

  it('reports the error that stopped the write even when cleaning up fails', async () => {
    const dir = tempDir();
    const first = join(dir, 'a', 'first.csv');
    const error = await failure(
      writeFilesAtomically(
        [
          { path: first, content: 'x' },
          {
            path: join(dir, 'second.csv'),
            content: async () => {
              // The first file's temporary now sits under a file: removing it fails with ENOTDIR.
              rmSync(join(dir, 'a'), { recursive: true });
              writeFileSync(join(dir, 'a'), '');
              throw new SegmintError('ERR_INVALID_DATA', 'bad row');
            },
          },
        ],
        { inputs: [] },
      ),
    );
    expect(error.message).toBe('bad row');
  });
});

describe('writeFilesAtomically with files an earlier run left', () => {
  function earlierRun(): { dir: string; names: string[] } {
    const dir = tempDir();
    const names = ['kept.csv', 'stale.csv', 'stale.png'];
    for (const name of [...names, 'mine.txt']) writeFileSync(join(dir, name), 'earlier');
    return { dir, names: names.map((name) => join(dir, name)) };
  }

  it('removes those this run does not write, after writing, and returns them', async () => {
    const { dir, names } = earlierRun();
    const removed = await writeFilesAtomically([{ path: join(dir, 'kept.csv'), content: 'now' }], { inputs: [], replaces: [...names, join(dir, 'never-written.csv')] });
    expect(removed).toEqual([join(dir, 'stale.csv'), join(dir, 'stale.png')]);
    expect(filesIn(dir)).toEqual(['kept.csv', 'mine.txt']);
    expect(readFileSync(join(dir, 'kept.csv'), 'utf8')).toBe('now');
  });

  it('removes nothing when the write fails', async () => {
    const { dir, names } = earlierRun();
    const content = async (write: (chunk: string) => Promise<void>) => {
      await write('half');
      throw new SegmintError('ERR_INVALID_DATA', 'bad row');
    };
    const error = await failure(writeFilesAtomically([{ path: join(dir, 'kept.csv'), content }], { inputs: [], replaces: names }));
    expect(error.message).toBe('bad row');
    expect(filesIn(dir)).toEqual(['kept.csv', 'mine.txt', 'stale.csv', 'stale.png']);
    expect(readFileSync(join(dir, 'kept.csv'), 'utf8')).toBe('earlier');
  });

  it('leaves a directory under a replaced name alone', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'stale.png'));
    expect(await writeFilesAtomically([{ path: join(dir, 'new.csv'), content: 'x' }], { inputs: [], replaces: [join(dir, 'stale.png')] })).toEqual([]);
    expect(filesIn(dir)).toEqual(['new.csv', 'stale.png']);
  });
});
