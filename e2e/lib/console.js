// Signing in to the HR console in the browser, as a person does.

/**
 * Open the console and sign in with email and password; resolves once the assessments
 * screen is shown. Returns the sign-in answer the page received (its access token lets a
 * test call the API as that person).
 */
export async function signIn(page, base, email, password, { path = '/' } = {}) {
  if (!page.url().startsWith(base)) await page.goto(`${base}${path}`);
  await page.waitForSelector('#si-email');
  await page.fill('#si-email', email);
  await page.fill('#si-password', password);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/v1/auth/sign-in') && r.request().method() === 'POST'),
    page.click('#signin'),
  ]);
  const body = await res.json();
  if (body.status === 'signed_in') await page.waitForSelector('#whoami');
  return body;
}

/** Sign in as one of the demo people of the dev server: 'owner', 'recruiter' or 'viewer'. */
export function signInAs(page, srv, role, opts) {
  return signIn(page, srv.url, srv.people[role], srv.password, opts);
}
