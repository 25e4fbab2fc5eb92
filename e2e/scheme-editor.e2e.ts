// The scheme administrator on a demo site: reads the version in force and downloads it as JSON, edits the
// Member level's points threshold in the form (a wrong number is named at the field as one types), saves the
// draft, reads the impact preview and publishes it, using the keyboard. Then the CPD audit draw: a draw with a
// typed seed, shown back, repeated with the same seed (nothing opened twice), and a targeted case refused for
// an unknown address. Axe on each page; both pages at 375 px.
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';
import { focused, nav, refusedWith, said } from './support/api.js';

const SCHEME_ADMIN = 'scheme@demo.guildhall.test';
const SCHEME = 'IT Service Management Guild recognition scheme';

describe.skipIf(!hasChromium)('The scheme and the audit draw in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('edits the Member threshold in the form, sees the impact and publishes it', async () => {
    const { page, problems } = await env.open();
    await signIn(page, SCHEME_ADMIN);
    await nav(page, 'Scheme');
    await heading1(page, SCHEME);
    await page.getByRole('heading', { name: 'Levels', exact: true }).waitFor();

    // The version in force as a file: what is stored, named for the scheme and version.
    const download = page.getByRole('link', { name: /^Download version .+ as JSON$/ });
    const href = (await download.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/api\/v1\/schemes\/[^/]+\/versions\/[^/]+\?download=true$/);
    const file = await page.request.get(href);
    expect(file.headers()['content-disposition']).toMatch(/^attachment; filename="itsm-.+\.json"$/);
    const inForce = await file.json();
    const threshold = inForce.levels.find((l: { id: string }) => l.id === 'member').requirements.minTotal as number;

    await page.getByRole('button', { name: /^Start a new draft from version/ }).click();
    await expect.poll(() => focused(page)).toMatch(/^h3 New draft/);
    const member = page.getByRole('group', { name: 'Member', exact: true });
    const points = member.getByLabel('Points in total');
    expect(await points.inputValue()).toBe(String(threshold));

    // Checked as one types: below Associate's threshold is named at the field.
    await points.fill('5');
    await member.getByText(/Is lower than levels\[1\]/).waitFor();
    expect(await points.getAttribute('aria-invalid')).toBe('true');
    await said(page, /1 problem to fix/);
    await expectAccessible(page, 'Scheme editor with a problem');

    // A real change, typed, and saved with Enter from the field.
    const raised = threshold + 120;
    await points.fill('');
    await points.pressSequentially(String(raised));
    await said(page, 'Checked: no problems.');
    expect(await points.getAttribute('aria-invalid')).toBeNull();
    await points.press('Enter');

    // The review takes the focus: the diff names the level, the impact says who changes.
    await expect.poll(() => focused(page)).toMatch(/^h3 Review of version/);
    const review = page.locator('.review');
    await review.getByText(/Member/).first().waitFor();
    const impact = (await review.getByText(/^Of \d+ members? evaluated on/).textContent()) ?? '';
    expect(impact).toMatch(/\d+ would reach a higher level, \d+ a lower one, and \d+ would stay where they are/);
    const memberRow = review.getByRole('row', { name: /^Member\b/ });
    const cells = await memberRow.getByRole('cell').allTextContents();
    expect(cells).toHaveLength(4); // now, after, gain, lose
    await expectAccessible(page, 'Scheme draft review');

    // Publish, confirming in the dialog, by keyboard.
    await review.getByRole('button', { name: /^Publish version/ }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/is published and now in force/).waitFor();
    const now = await (await page.request.get('/api/v1/schemes')).json();
    const current = await (await page.request.get(`/api/v1/schemes/${now.schemes[0].id}/versions/${now.schemes[0].current.id}`)).json();
    expect(current.levels.find((l: { id: string }) => l.id === 'member').requirements.minTotal).toBe(raised);
    expect(problems).toEqual([]);
    // The impact preview over every demo member and the checks as one types take a while on a busy machine.
  }, 300_000);

  it('draws the audit with a typed seed, repeats it, and refuses an unknown holder', async () => {
    const { page, problems } = await env.open();
    await signIn(page, SCHEME_ADMIN);
    await nav(page, 'Audit draw');
    await heading1(page, 'CPD audit draw');
    await expectAccessible(page, 'CPD audit draw');
    const seed = `journey-${Date.now().toString(36)}`;
    await page.getByLabel('Share of holders to audit (%)').fill('50');
    await page.getByLabel('Seed (optional)').fill(seed);
    // The sample alone: targeted cases depend on the claims not yet under audit, so they change between draws.
    const targeted = page.getByLabel(/Also open targeted cases/);
    await targeted.focus();
    await page.keyboard.press('Space');
    expect(await targeted.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Start the draw' }).click();
    const result = page.getByRole('status').filter({ hasText: `with seed ${seed}` });
    await result.waitFor();
    const first = (await result.textContent()) ?? '';
    const sampled = /(\d+) of (\d+) holders sampled, 0 targeted/.exec(first);
    expect(sampled).not.toBeNull();
    await expect.poll(() => focused(page)).toContain(seed);

    // The same seed again: the same holders, and no audit opened twice.
    await page.getByRole('button', { name: 'Start the draw' }).click();
    await page.getByRole('status').filter({ hasText: `${sampled![1]} of ${sampled![2]} holders sampled` }).filter({ hasText: /\b0 audits opened now/ }).waitFor();

    // A targeted case for someone who holds nothing: named at the field.
    await page.getByLabel('Holder’s e-mail address').fill('nobody@example.org');
    await page.getByLabel('Reason').fill('A complaint about a claimed course');
    await page.getByRole('button', { name: 'Open the audit' }).click();
    await refusedWith(page, /No holder of an active credential/);
    await page.getByRole('table', { name: 'Audits' }).or(page.getByText('No audits yet.')).first().waitFor();
    await expectAccessible(page, 'CPD audit draw after a draw');
    expect(problems).toEqual([]);
  });

  it('fits a 375 px screen: the scheme editor and the audit draw page', async () => {
    const { page, problems } = await env.open({ width: 375, height: 812 });
    await signIn(page, SCHEME_ADMIN);
    await page.goto('/scheme');
    await heading1(page, SCHEME);
    await page.getByRole('button', { name: /^Start a new draft from version/ }).click();
    await page.getByRole('group', { name: 'Member', exact: true }).waitFor();
    await expectNoHorizontalScroll(page, 'Scheme editor at 375 px');
    await expectAccessible(page, 'Scheme editor at 375 px');
    await page.goto('/cpd/audits/draw');
    await heading1(page, 'CPD audit draw');
    await expectNoHorizontalScroll(page, 'CPD audit draw at 375 px');
    await expectAccessible(page, 'CPD audit draw at 375 px');
    expect(problems).toEqual([]);
  });
});
