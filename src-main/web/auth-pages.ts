// The few pages the server writes itself. Plain HTML with no script, so the strict CSP holds.

export function unauthorizedPage(passwordLogin: boolean): string {
  const signIn = passwordLogin ? '\n<p>Or <a href="/login">sign in with the password</a>.</p>' : ''
  return page(
    'Peerwatch: open your link',
    `<h1>Open the link from <code>peerwatch serve</code></h1>
<p>This Peerwatch server only opens for the link it printed when it started (it ends in <code>?token=…</code>). Open that link on this device.</p>${signIn}`,
  )
}

export function loginPage(message?: string): string {
  const notice = message ? `<p role="alert">${escapeHtml(message)}</p>\n` : ''
  return page(
    'Peerwatch: sign in',
    `<h1>Peerwatch</h1>
${notice}<form method="post" action="/login">
<label>Password <input type="password" name="password" autocomplete="current-password" required autofocus></label>
<button type="submit">Sign in</button>
</form>
<p>The link printed by <code>peerwatch serve</code> works too.</p>`,
  )
}

export function textPage(title: string, text: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>`)
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#ddd;background:#111}input,button{font:inherit;margin:.25rem}</style></head>
<body>
${body}
</body>
</html>
`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
