import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JELLYFIN_PUBLIC_URL, makeInvite } from '../support/http-fakes.ts';
import { fakeApp, listen, type FakeApp } from '../support/http-harness.ts';
import { launchChromium } from '../support/browser.ts';
import { hasChromium } from '../support/prereq.ts';

const PASSWORD = 'Corr3ct-Horse-Battery';

describe.skipIf(!hasChromium())('the sign-up page in Chromium', () => {
  let browser: Browser;
  let t: FakeApp;
  let base: string;
  let context: BrowserContext;
  let problems: string[];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    t = await fakeApp();
    t.state.invites.set('month', makeInvite('month', { uses_total: 5, uses_left: 5, account_expiry: '30d' }));
    base = await listen(t.app);
    problems = [];
  });
  afterEach(async () => {
    await context?.close();
    await t.app.close();
  });

  /**
   * Console errors (a CSP refusal, a script error) and failed requests fail the test. Chromium also
   * reports every 4xx answer on the console; those are the refusals the test asks for.
   */
  async function openPage(javaScriptEnabled: boolean, viewport = { width: 390, height: 844 }): Promise<Page> {
    context = await browser.newContext({ javaScriptEnabled, viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.on('console', (message) => {
      const expected = message.text().startsWith('Failed to load resource: the server responded with a status of 4');
      if (message.type() === 'error' && !expected) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    await page.goto(`${base}/invite/month`);
    return page;
  }

  async function fill(page: Page, username: string, password = PASSWORD, confirm = password): Promise<void> {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Repeat the password').fill(confirm);
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

    it(`${mode}: a refusal shows the error next to the username and keeps it; then a sign-up succeeds`, async () => {
      const page = await openPage(javaScriptEnabled);
      await page.evaluate('window.stayedOnPage = true');
      await fill(page, 'Taken');
      await page.getByRole('button', { name: 'Create account' }).click();

      const usernameError = page.locator('#username-error');
      await expect.poll(() => usernameError.isVisible()).toBe(true);
      expect((await usernameError.textContent())?.trim()).toBe('Error: The username Taken is taken: choose another one.');
      // The error sits in the username's own field box, right above its input, and describes it.
      expect(await page.locator('.field.has-error #username').count()).toBe(1);
      expect(await page.getByLabel('Username').getAttribute('aria-describedby')).toContain('username-error');
      expect(await page.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Username').inputValue()).toBe('Taken');
      expect(await page.locator('#form-status').textContent()).toContain('Your account was not created');
      // With JavaScript the page was never reloaded; without, it was (and the passwords are gone).
      const stayed = await page.evaluate('window.stayedOnPage === true');
      expect(stayed).toBe(javaScriptEnabled);
      if (!javaScriptEnabled) expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');

      await fill(page, 'alice');
      await page.getByRole('button', { name: 'Create account' }).click();
      const heading = page.getByRole('heading', { level: 1 });
      await expect.poll(() => heading.textContent()).toBe('Welcome, alice!');
      expect(await page.getByRole('link', { name: 'Open Jellyfin' }).getAttribute('href')).toBe(JELLYFIN_PUBLIC_URL);
      expect(await page.locator('#success time').getAttribute('datetime')).toBe('2030-02-01T12:00:00.000Z');
      expect(await page.title()).toBe('Your account is ready');
      expect(t.state.users.map((user) => user.name)).toContain('alice');
      expect(problems).toEqual([]);
    });
  }

  it('with JavaScript: a mistyped repeat is caught before anything is sent', async () => {
    const page = await openPage(true);
    await fill(page, 'bob', PASSWORD, `${PASSWORD}!`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.locator('#password_confirm-error').isVisible()).toBe(true);
    expect(await page.locator('#password_confirm-error').textContent()).toContain('not the same');
    expect(await page.evaluate('document.activeElement.id')).toBe('password_confirm');
    expect(t.state.signupCalls).toHaveLength(0);
    expect(problems).toEqual([]);
  });

  it('with JavaScript: several password problems are listed by the password field', async () => {
    const page = await openPage(true);
    await fill(page, 'carol', 'short', 'short');
    // The browser's own minlength check would stop a short password: go through the API's answer.
    await page.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.locator('#password-error p').count()).toBe(3);
    expect(await page.locator('#form-status').textContent()).toContain('The password is too weak.');
    expect(await page.evaluate('document.activeElement.id')).toBe('password');
  });

  it('fits a phone screen: no sideways scrolling, large tap targets, and a screenshot for a person to look at', async () => {
    const page = await openPage(true);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    for (const selector of ['#username', '#password', '#password_confirm', '#submit']) {
      const box = await page.locator(selector).boundingBox();
      expect(box!.height, selector).toBeGreaterThanOrEqual(44);
    }
    await page.screenshot({ path: '/tmp/doorman-signup-phone.png', fullPage: true });
    await fill(page, 'Taken');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.locator('#username-error').isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/doorman-signup-phone-error.png', fullPage: true });
    expect(problems).toEqual([]);
  });
});
