import { advisoryLockKey } from './maintenance.lock';

describe('advisoryLockKey', () => {
  // Pinned: during a rolling deploy old and new instances must compute the same key.
  it('is stable for a name', () => {
    expect(advisoryLockKey('nonce-cleanup')).toEqual(advisoryLockKey('nonce-cleanup'));
    expect(advisoryLockKey('nonce-cleanup').key).toBe('5030820532229208516');
  });

  it.each([
    ['nonce-cleanup', 'launch-cleanup'],
    ['a', 'b'],
    ['key-rotation', 'key-rotation '],
  ])('differs between %p and %p', (a, b) => {
    expect(advisoryLockKey(a).key).not.toBe(advisoryLockKey(b).key);
  });

  it.each(['nonce-cleanup', 'x', 'key-rotation', ''])('splits %p into the halves pg_locks shows', (name) => {
    const { key, classid, objid } = advisoryLockKey(name);
    const unsigned = BigInt.asUintN(64, BigInt(key));
    expect(classid).toBe(Number(unsigned >> 32n));
    expect(objid).toBe(Number(unsigned & 0xffffffffn));
    expect(BigInt(key)).toBeGreaterThanOrEqual(-(2n ** 63n));
    expect(BigInt(key)).toBeLessThan(2n ** 63n);
  });
});
