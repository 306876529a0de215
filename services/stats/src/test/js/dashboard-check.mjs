// Opens the dashboard in headless Chromium, waits until it shows a job's report, and saves a screenshot.
// Usage: node dashboard-check.mjs <dashboard url> <job id> <screenshot.png> <expected variant rows>
// Exit 0 with a JSON summary on stdout when the page shows the job's progress, score rows and report; 1 otherwise.
import { chromium } from "playwright-core";

const [url, jobId, screenshot, expectedRows] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  await page.goto(url);
  const job = page.locator(`#job-${jobId}`);
  await job.locator(".report code").waitFor({ timeout: 60_000 });
  await page.waitForFunction(([id, rows]) =>
    document.querySelectorAll(`#job-${id} .scores tr[data-variant]`).length >= rows, [jobId, Number(expectedRows)], { timeout: 60_000 });
  const summary = {
    stages: await job.locator(".stage").count(),
    rows: await job.locator(".scores tr[data-variant]").count(),
    images: await job.locator(".images img").count(),
    paretoPoints: await job.locator(".pareto circle").count(),
    report: await job.locator(".report code").textContent(),
  };
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify(summary));
} finally {
  await browser.close();
}
