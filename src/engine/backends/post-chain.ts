/** Draws the scene, with bloom when its strength is above zero (one implementation per renderer). */
export interface PostChain {
  render(strength: number): void;
  setSize(width: number, height: number): void;
  dispose(): void;
}
