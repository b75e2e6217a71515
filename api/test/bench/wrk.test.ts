// bench:load reads wrk's report; a misread figure would be a wrong claim in a note.
import { describe, expect, it } from 'vitest';
import { parseWrk, runWrk, splitConnections, wrkMs } from '../../bench/load/wrk.ts';

// As wrk 4.1 prints it with --latency (Debian's package).
const REPORT = `Running 30s test @ http://127.0.0.1:39111
  1 threads and 30 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    42.24ms  128.20ms   1.53s    96.93%
    Req/Sec     1.45k   541.27     3.30k    69.79%
  Latency Distribution
     50%  812.00us
     75%   26.47ms
     90%   38.50ms
     99%  839.68ms
  42037 requests in 30.02s, 207.40MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   1400.07
Transfer/sec:      6.91MB
`;

describe('wrk report', () => {
  it('reads durations in every unit wrk uses', () => {
    expect([wrkMs('812.00us'), wrkMs('48.76ms'), wrkMs('1.53s'), wrkMs('2.00m')]).toEqual([0.8, 48.8, 1530, 120_000]);
    expect(() => wrkMs('12 parsecs')).toThrow(/unreadable/);
  });

  it('reads percentiles, throughput, the worst latency and every kind of error', () => {
    expect(parseWrk(REPORT, 30)).toEqual({ connections: 30, requests: 42037, rps: 1400.1, p50: 0.8, p75: 26.5, p90: 38.5, p99: 839.7, max: 1530, errors: 7 });
  });

  it('splits the connections by weight, exactly', () => {
    expect(splitConnections(50, [60, 25, 15])).toEqual([30, 13, 7]);
    expect(splitConnections(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(splitConnections(3, [98, 1, 1])).toEqual([1, 1, 1]);
  });

  it('refuses a report without percentiles, and any target but loopback', async () => {
    expect(() => parseWrk('Running 1s test\n', 1)).toThrow(/percentile/);
    await expect(runWrk({ base: 'http://example.com', connections: 1, seconds: 1, targets: [], workDir: '/tmp' })).rejects.toThrow(/loopback/);
  });
});
