/**
 * The link a QR or message carries: `appUrl` + `#` + token. A folder (`https://shop.example/pay`)
 * gets a slash first, so the page's relative imports resolve inside it; a file
 * (`https://shop.example/pay.html`, a last segment with a dot) is used as it is.
 */
export function linkFor(appUrl: string, token: string): string {
  const base = appUrl.replace(/#.*$/, '');
  const path = base.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i, '');
  const last = path.split('/').pop() ?? '';
  const file = !path.endsWith('/') && last.includes('.');
  return `${file || path.endsWith('/') ? base : `${base}/`}#${token}`;
}
