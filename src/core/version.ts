/**
 * Compares base library versions numerically, segment by segment; a missing segment
 * counts as 0 ("2.10.4" > "2.7.0", "2.7" == "2.7.0"). Returns -1, 0 or 1.
 */
export function compareVersion(a: string, b: string): -1 | 0 | 1 {
  const left = a.split('.');
  const right = b.split('.');
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (parseInt(left[index], 10) || 0) - (parseInt(right[index], 10) || 0);
    if (difference !== 0) return difference > 0 ? 1 : -1;
  }
  return 0;
}
