/**
 * What a presentation clicker sends: PageDown / PageUp for next and previous, and b or . for its
 * blank button (the black-screen toggle of slide software). In a talk these step and blank; on
 * other pages b keeps bloom and . the single frame step (src/page/keys.ts).
 */
export type ClickerAction = 'next' | 'previous' | 'blank';

export function clickerAction(key: string): ClickerAction | null {
  if (key === 'PageDown') return 'next';
  if (key === 'PageUp') return 'previous';
  if (key === 'b' || key === 'B' || key === '.') return 'blank';
  return null;
}
