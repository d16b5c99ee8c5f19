import { describe, expect, it } from '@jest/globals';
import type { PollFailureReporter } from '../../../pipeline/aws/poll-failure.js';
import { pollEach } from '../../../stages/collectors/poll-each.js';

function recordingReporter(log: string[]): PollFailureReporter {
  return { report: (error) => log.push(`report ${(error as Error).message}`) };
}

describe('pollEach', () => {
  it('skips a failing item and polls the next', async () => {
    const log: string[] = [];
    await pollEach(
      ['us-east-1', 'eu-north-1', 'ap-northeast-2'],
      (region) => {
        log.push(`poll ${region}`);
        return region === 'eu-north-1' ? Promise.reject(new Error('throttled')) : Promise.resolve();
      },
      recordingReporter(log),
      new AbortController().signal,
      (region) => log.push(`failed ${region}`),
    );

    expect(log).toEqual([
      'poll us-east-1',
      'poll eu-north-1',
      'failed eu-north-1',
      'report throttled',
      'poll ap-northeast-2',
    ]);
  });

  it('stops after abort without reporting', async () => {
    const log: string[] = [];
    const abort = new AbortController();
    await pollEach(
      ['us-east-1', 'eu-north-1'],
      (region) => {
        log.push(`poll ${region}`);
        abort.abort();
        return Promise.reject(new Error('aborted'));
      },
      recordingReporter(log),
      abort.signal,
    );

    expect(log).toEqual(['poll us-east-1']);
  });
});
