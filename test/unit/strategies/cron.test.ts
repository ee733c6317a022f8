import assert from 'node:assert/strict';
import { cronScheduleError, nextActivation, parseCron, parseGoDuration } from '../../../src/registry/shared/cron.js';

const next = (spec: string, from: string) => nextActivation(parseCron(spec), new Date(from))?.toISOString();

describe('cron schedules', () => {
  it('accepts standard schedules and descriptors', () => {
    for (const ok of ['* * * * *', '*/15 * * * *', '0 0 * * 0', '5 4 * * SUN', '0 22 * * 1-5', '0 0 1,15 * *', '0 0 * JAN,JUL *', '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@every 90s', '0 0 ? * *'])
      assert.equal(cronScheduleError(ok), null, ok);
  });

  it('reports robfig/cron parse errors', () => {
    assert.equal(cronScheduleError('* * * *'), 'expected exactly 5 fields, found 4: [* * * *]');
    assert.equal(cronScheduleError('0 24 * * *'), 'end of range (24) above maximum (23): 24');
    assert.equal(cronScheduleError('0 0 0 * *'), 'beginning of range (0) below minimum (1): 0');
    assert.equal(cronScheduleError('0 0 * 13 *'), 'end of range (13) above maximum (12): 13');
    assert.equal(cronScheduleError('a * * * *'), 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax');
    assert.equal(cronScheduleError('@every 5'), 'failed to parse duration @every 5: time: missing unit in duration "5"');
    assert.equal(cronScheduleError(''), 'empty spec string');
  });

  it('go durations', () => {
    assert.equal(parseGoDuration('1h30m'), 5400);
    assert.equal(parseGoDuration('1.5s'), 1.5);
    assert.equal(parseGoDuration('250ms'), 0.25);
    assert.throws(() => parseGoDuration('5'), /missing unit/);
  });

  it('next activation times', () => {
    assert.equal(next('*/15 * * * *', '2024-01-01T00:07:30Z'), '2024-01-01T00:15:00.000Z');
    assert.equal(next('@hourly', '2024-01-01T00:00:00Z'), '2024-01-01T01:00:00.000Z');
    assert.equal(next('0 0 1 * *', '2024-01-15T12:00:00Z'), '2024-02-01T00:00:00.000Z');
    // day of month OR day of week when both are restricted
    assert.equal(next('0 0 13 * 5', '2024-01-01T00:00:00Z'), '2024-01-05T00:00:00.000Z');
    assert.equal(next('30 8 * * MON-FRI', '2024-01-06T10:00:00Z'), '2024-01-08T08:30:00.000Z');
    assert.equal(next('0 0 29 2 *', '2024-03-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
    assert.equal(next('@every 90s', '2024-01-01T00:00:00Z'), '2024-01-01T00:01:30.000Z');
  });

  it('time zones shift the wall clock', () => {
    const s = parseCron('0 9 * * *');
    const tz = { ...s, timeZone: 'America/New_York' };
    assert.equal(nextActivation(tz, new Date('2024-07-01T00:00:00Z'))?.toISOString(), '2024-07-01T13:00:00.000Z');
  });
});
