/** The frame of every page: title, navigation for a signed-in user, and the catalog's stylesheet. */
import { type Html, h, path } from './html.js';

export interface Frame {
  title: string;
  /** user is shown with a sign-out button when signed in. */
  user?: { name: string; home: string; csrf: string };
  /** script is a client script of /static to load (the live views). */
  script?: string;
}

/** page returns a whole HTML document of body in the catalog's frame. */
export function page(f: Frame, body: Html): string {
  const nav = f.user
    ? h`<nav>
  <a href="/apis">Services</a>
  <a href="${path('w', f.user.home, 'claims')}">My claims</a>
  <span class="who">${f.user.name} · ${f.user.home}</span>
  <form method="post" action="/signout" class="inline"><input type="hidden" name="_csrf" value="${f.user.csrf}"><button type="submit">Sign out</button></form>
</nav>`
    : h``;
  return h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${f.title} · kxp service catalog</title>
<link rel="stylesheet" href="/static/catalog.css">
${f.script ? h`<script src="/static/${f.script}" defer></script>` : h``}
</head>
<body>
<header><a class="brand" href="/">kxp service catalog</a>${nav}</header>
<main>
<h1>${f.title}</h1>
${body}
</main>
</body>
</html>
`.text;
}

/** errorPage returns the page of an error: what was refused and why, in kcp's words. */
export function errorBody(message: string): Html {
  return h`<p class="error" role="alert">${message}</p><p><a href="/apis">Back to the services</a></p>`;
}
