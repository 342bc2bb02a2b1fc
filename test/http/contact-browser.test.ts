import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyFakePin } from '../support/http-contact-fakes.ts';
import { BOT, fakeApp, listen, telegramBot, telegramConfig, type FakeApp } from '../support/http-harness.ts';
import { launchChromium } from '../support/browser.ts';
import { hasChromium } from '../support/prereq.ts';

const PASSWORD = 'Corr3ct-Horse-Battery';
/** The page polls every 2 seconds: give a flip a few rounds. */
const POLL = { timeout: 8000, interval: 200 };

describe.skipIf(!hasChromium())('the Telegram section in Chromium', () => {
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
    t = await fakeApp({ config: telegramConfig('required'), chat: telegramBot });
    base = await listen(t.app);
    problems = [];
  });
  afterEach(async () => {
    await context?.close();
    await t.app.close();
  });

  /** Console errors (a CSP refusal, a script error) fail the test; Chromium's lines for 4xx answers are expected refusals. */
  async function openPage(javaScriptEnabled: boolean): Promise<Page> {
    context = await browser.newContext({ javaScriptEnabled, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.on('console', (message) => {
      const expected = message.text().startsWith('Failed to load resource: the server responded with a status of 4');
      if (message.type() === 'error' && !expected) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${base}/invite/good-code`);
    await page.evaluate('window.stayedOnPage = true');
    return page;
  }

  async function fill(page: Page, username: string): Promise<void> {
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
  }

  const stayed = (page: Page) => page.evaluate<boolean>('window.stayedOnPage === true');
  const welcome = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  it('with JavaScript: "Link Telegram" shows the PIN in place, the status flips to linked once the bot has it, and the sign-up carries it', async () => {
    const page = await openPage(true);
    await fill(page, 'alice');
    await page.getByRole('button', { name: 'Link Telegram' }).click();
    const pin = page.locator('#telegram .pin');
    await expect.poll(() => pin.textContent()).toBe('PQRS2223');
    const deepLink = page.getByRole('link', { name: 'Open Telegram' });
    expect(await deepLink.getAttribute('href')).toBe(`https://t.me/${BOT}?start=PQRS2223`);
    const status = page.getByRole('status');
    expect(await status.textContent()).toBe(`Waiting for your message to @${BOT}…`);
    expect(await page.getByLabel('Your Telegram username').isVisible()).toBe(false);

    verifyFakePin(t.state.contacts, 'PQRS2223');
    await expect.poll(() => status.textContent(), POLL).toBe('Telegram linked ✓');
    expect(await stayed(page)).toBe(true);
    // Linked: the steps and "Get a new PIN" step aside; the PIN stays for reference.
    expect(await deepLink.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Get a new PIN' }).isVisible()).toBe(false);
    await page.screenshot({ path: '/tmp/doorman-telegram-phone.png', fullPage: true });

    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => welcome(page)).toBe('Welcome, alice!');
    expect(t.state.signupCalls.at(-1)?.input.contacts).toEqual({ telegram: { pin: 'PQRS2223' } });
    expect(problems).toEqual([]);
  });

  it('without JavaScript: "Link Telegram" re-renders with the PIN, the username kept, and the form submits the hidden PIN', async () => {
    const page = await openPage(false);
    await fill(page, 'alice');
    await page.getByRole('button', { name: 'Link Telegram' }).click();
    await expect.poll(() => page.locator('#telegram .pin').textContent()).toBe('PQRS2223');
    expect(await stayed(page)).toBe(false);
    expect(await page.getByLabel('Username', { exact: true }).inputValue()).toBe('alice');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await page.locator('input[name="telegram_pin"]').inputValue()).toBe('PQRS2223');

    verifyFakePin(t.state.contacts, 'PQRS2223');
    await fill(page, 'alice');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => welcome(page)).toBe('Welcome, alice!');
    expect(t.state.signupCalls.at(-1)?.input.contacts).toEqual({ telegram: { pin: 'PQRS2223' } });
    expect(problems).toEqual([]);
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

    it(`${mode}: Enter in the password field tries to create the account, and the refusal sits by the Telegram section`, async () => {
      const page = await openPage(javaScriptEnabled);
      await fill(page, 'alice');
      await page.getByLabel('Repeat the password').press('Enter');
      const error = page.locator('#telegram-error');
      await expect.poll(() => error.isVisible()).toBe(true);
      expect(await error.textContent()).toBe('Error: Link your Telegram account first: this invite needs it.');
      expect(await page.locator('#form-status').textContent()).toContain('Your account was not created');
      expect(await page.evaluate('document.activeElement.id')).toBe('telegram');
      expect(t.state.contacts.calls).toEqual([]);
      expect(problems).toEqual([]);
    });

    it(`${mode}: "Send me a PIN" asks for the PIN the bot sent, and the sign-up carries it with the handle`, async () => {
      const page = await openPage(javaScriptEnabled);
      await fill(page, 'alice');
      await page.getByLabel('Your Telegram username').fill('@alice');
      await page.getByRole('button', { name: 'Send me a PIN' }).click();
      const field = page.getByLabel(`PIN from @${BOT}`);
      await expect.poll(() => field.isVisible()).toBe(true);
      expect(await page.evaluate('document.activeElement.id')).toBe('telegram_pin');
      expect(await stayed(page)).toBe(javaScriptEnabled);
      await field.fill(t.state.contacts.dms[0].pin);
      if (!javaScriptEnabled) await fill(page, 'alice');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect.poll(() => welcome(page)).toBe('Welcome, alice!');
      expect(t.state.signupCalls.at(-1)?.input.contacts).toEqual({ telegram: { pin: 'PQRS2223', handle: '@alice' } });
      expect(problems).toEqual([]);
    });
  }

  it('with JavaScript: an unknown handle gets "send /start to @bot first" next to the handle field', async () => {
    const page = await openPage(true);
    await page.getByLabel('Your Telegram username').fill('@stranger');
    await page.getByLabel('Your Telegram username').press('Enter');
    const error = page.locator('#telegram_handle-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toContain(`send /start to @${BOT} first`);
    expect(await page.locator('#form-status h2').textContent()).toBe('The bot did not send a PIN');
    expect(await page.evaluate('document.activeElement.id')).toBe('telegram_handle');
    expect(t.state.signupCalls).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('fits a phone: no sideways scrolling and large tap targets in the Telegram section', async () => {
    const page = await openPage(true);
    await page.locator('#telegram').screenshot({ path: '/tmp/doorman-telegram-idle.png' });
    await page.getByLabel('Your Telegram username').fill('@stranger');
    await page.getByRole('button', { name: 'Send me a PIN' }).click();
    await expect.poll(() => page.locator('#telegram_handle-error').isVisible()).toBe(true);
    await page.locator('#telegram').screenshot({ path: '/tmp/doorman-telegram-error.png' });
    await page.getByLabel('Your Telegram username').fill('@alice');
    await page.getByRole('button', { name: 'Send me a PIN' }).click();
    await expect.poll(() => page.locator('#telegram_pin').isVisible()).toBe(true);
    await page.locator('#telegram').screenshot({ path: '/tmp/doorman-telegram-dm.png' });
    await page.getByRole('button', { name: 'Link Telegram' }).click();
    await expect.poll(() => page.locator('#telegram .pin').isVisible()).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    for (const selector of ['#telegram-link', '#telegram [data-slot="deep-link"]']) {
      const box = await page.locator(selector).boundingBox();
      expect(box!.height, selector).toBeGreaterThanOrEqual(44);
    }
    await page.locator('#telegram').screenshot({ path: '/tmp/doorman-telegram-section.png' });
    expect(problems).toEqual([]);
  });
});
