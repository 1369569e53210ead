/** Waiting, on a fixed-step page, for the steering of src/page/explore/steering.ts to show. */

/** Steps the fixed-step page until the steered rollout to `digit` is on show; its judged digits. */
export async function steeredTo(scene: { call<T>(e: string): Promise<T> }, digit: number, timeoutMs = 90_000): Promise<number[]> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await scene.call('step(1)');
    const shown = await scene.call<number | null>('explorer.steering()?.shown?.target ?? null');
    if (shown === digit) return (await scene.call<{ labels: number[] }[]>('rollouts()'))[0]!.labels;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no steered rollout to ${digit} within ${timeoutMs} ms`);
}
