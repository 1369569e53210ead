/** The small × in a panel's corner that closes it. */
export function addCloseButton(panel: HTMLElement, label: string, close: () => void): void {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'panel-close';
  button.textContent = '\u00d7';
  button.title = `close the ${label}`;
  button.setAttribute('aria-label', `close the ${label}`);
  button.addEventListener('click', close);
  panel.prepend(button);
}
