/**
 * The embeddable chat widget, for a customer's own site:
 * `<script src="https://DESK/widget.js" data-queue="support" async></script>` adds a button that
 * opens the desk's chat (`embed.html` on the desk's origin) in an iframe on that page. The desk lets
 * only the origins of its `web.embed-origins` setting frame it. Self-contained (no imports) and
 * styled through the DOM, so the host page needs no inline style or script of ours.
 */
(() => {
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).find((s) =>
      /\/widget\.js([?#].*)?$/.test(s.src),
    );
  if (!script) return;
  const page = new URL('/embed.html', script.src);
  const queue = script.dataset.queue;
  if (queue) page.searchParams.set('queue', queue);

  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'deskline-chat-button';
  button.textContent = script.dataset.label || 'Chat with us';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'deskline-chat-frame');
  Object.assign(button.style, {
    position: 'fixed',
    right: '16px',
    bottom: '16px',
    zIndex: '2147483647',
    padding: '12px 18px',
    border: '0',
    borderRadius: '24px',
    background: '#1f5fbf',
    color: '#fff',
    font: '600 15px/1.2 system-ui, sans-serif',
    cursor: 'pointer',
    boxShadow: '0 2px 8px rgba(0, 0, 0, 0.25)',
  });

  let frame: HTMLIFrameElement | undefined;
  button.addEventListener('click', () => {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.id = 'deskline-chat-frame';
      frame.title = 'Chat with the helpdesk';
      frame.src = page.href;
      Object.assign(frame.style, {
        position: 'fixed',
        right: '16px',
        bottom: '72px',
        zIndex: '2147483647',
        width: 'min(380px, calc(100vw - 32px))',
        height: 'min(600px, calc(100vh - 96px))',
        border: '1px solid #c8ccd2',
        borderRadius: '8px',
        background: '#fff',
        boxShadow: '0 4px 16px rgba(0, 0, 0, 0.25)',
      });
      document.body.appendChild(frame);
    } else {
      // Hidden, not removed: the chat and its signed-in session live on in the frame.
      frame.style.display = frame.style.display === 'none' ? '' : 'none';
    }
    const open = frame.style.display !== 'none';
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Close chat' : script.dataset.label || 'Chat with us';
  });

  const mount = () => document.body.appendChild(button);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
