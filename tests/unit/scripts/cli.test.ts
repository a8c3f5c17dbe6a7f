import { describe, expect, it, vi } from 'vitest';
import { option, parseOptions, progressReporter } from '../../../scripts/cli.js';

describe('the one option parser', () => {
  const spec = {
    records: option.number({ required: true, integer: true, min: 1 }),
    offset: option.number({ default: 0 }),
    region: option.region(),
    stage: option.stage(),
    json: option.flag(),
  };

  it('reads values, defaults, flags and negative numbers', () => {
    const { values } = parseOptions(spec, { max: 0 }, ['--records', '5', '--offset', '-2.5', '--json']);
    expect(values).toEqual({ records: 5, offset: -2.5, region: undefined, stage: 'prod', json: true });
    expect(parseOptions(spec, { max: 0 }, ['--records=7', '--stage', 'dev']).values).toMatchObject({
      records: 7,
      stage: 'dev',
    });
  });

  it.each([
    [[], '--records is required'],
    [['--records', '0'], '--records "0" is not a whole number of at least 1'],
    [['--records', '1e3'], '--records "1e3" is not a whole number'],
    [['--records', '2', '--recrods', '3'], 'Unknown option --recrods (did you mean --records?)'],
    [['--records'], '--records needs a value'],
    [['--records', '--json'], '--records needs a value'],
    [['--records', '2', '-x'], 'Unknown option -x'],
    [['--records', '2', 'extra'], 'Unexpected "extra": this command takes options only'],
    [['--records', '2', '--region', 'xx-yy-1'], '--region "xx-yy-1" is not an AWS region such as ap-northeast-1'],
    [['--records', '2', '--stage', 'My_Stage'], '--stage "My_Stage" is not a stage name'],
  ])('%j is refused with one line: %s', (argv, message) => {
    expect(() => parseOptions(spec, { max: 0 }, argv)).toThrow(message);
  });
});

describe('progressReporter', () => {
  it('rewrites one line with \\r on a terminal, and writes plain lines elsewhere', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const written: string[] = [];
      const terminal = progressReporter({ isTTY: true, write: (text: string) => written.push(text) });
      terminal.update('files 1/3');
      vi.setSystemTime(1_500);
      terminal.update('files 2/3');
      vi.setSystemTime(1_600);
      terminal.update('files 2/3 again');
      vi.setSystemTime(2_000);
      terminal.update('files 3/3', true);
      expect(written).toEqual(['\rfiles 2/3\u001b[K', '\rfiles 3/3\u001b[K\n']);

      const logged: string[] = [];
      vi.setSystemTime(0);
      const pipe = progressReporter({ isTTY: false, write: (text: string) => logged.push(text) });
      vi.setSystemTime(1_500);
      pipe.update('files 2/3');
      vi.setSystemTime(5_000);
      pipe.update('files 2/3 still');
      vi.setSystemTime(6_000);
      pipe.update('files 3/3', true);
      expect(logged).toEqual(['files 2/3\n', 'files 3/3\n']);
      expect(logged.join('')).not.toContain('\r');
    } finally {
      vi.useRealTimers();
    }
  });
});
