/**
 * The presenter's black screen (a clicker's blank button sends b or .): one black sheet over the
 * whole page, toggled; the scene keeps running under it, so unblanking shows it as it is now.
 */
import './perform.css';

export class BlankScreen {
  private readonly element: HTMLElement;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'blank-screen';
    this.element.hidden = true;
    this.element.setAttribute('aria-hidden', 'true');
    parent.append(this.element);
  }

  get blanked(): boolean {
    return !this.element.hidden;
  }

  toggle(): void {
    this.element.hidden = !this.element.hidden;
  }
}

