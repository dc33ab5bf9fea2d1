import { describe, expect, test } from 'vitest';
import { run, findingsOf } from './support.js';

describe('test harness', () => {
  test('an exact-dated ICPC 16 working days after an s47 strategy discussion is certainly late', () => {
    const r = run([
      { id: 's', type: 'strategy.held', at: '2024-03-04', decision: 's47', participants: ['social-care', 'police', 'health'] },
      { id: 'c', type: 'conference.held', at: '2024-03-26', kind: 'initial', decision: 'no-plan' },
    ]);
    const late = findingsOf(r, 'icpc-late');
    expect(late).toHaveLength(1);
    expect(late[0]!.certainty).toBe('certain');
  });
});
