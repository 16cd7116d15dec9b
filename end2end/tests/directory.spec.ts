import { expect, test } from "@playwright/test";
import { ADMIN, hydrated, signIn } from "./helpers";

test("an org admin imports people from a CSV after a preview", async ({ page }, testInfo) => {
  const tag = `${testInfo.project.name}${Date.now()}`;
  await signIn(page, ADMIN.email, ADMIN.password);

  await page.goto("/admin/import");
  // A file with problems is refused with every problem named, and nothing changes.
  await page.getByLabel("Directory file (CSV)").setInputFiles({
    name: "broken.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("email,name,level\nnot-an-email,Someone,4\nok@northwind.example,Fine,42\n"),
  });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("alert")).toContainText("broken.csv cannot be imported: 2 problems found. Nothing was changed.");
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("2email");
  await expect(rows.nth(1)).toContainText("3level");

  // The upload is a plain form post that loads a new page: let it hydrate before following
  // its link, so the click is not lost between the server's page and the browser app.
  await hydrated(page);
  await page.getByRole("link", { name: "Upload a corrected file" }).click();
  const csv = [
    "Email,Name,Department,Job Title,Level,Manager Email,Time Zone",
    `mo.${tag}@northwind.example,Mo Import ${tag},Research,Research Lead,9,ceo@northwind.example,Europe/Berlin`,
    `jo.${tag}@northwind.example,Jo Import ${tag},Research,Researcher,4,mo.${tag}@northwind.example,Europe/Berlin`,
  ].join("\n");
  await page.getByLabel("Directory file (CSV)").setInputFiles({ name: "research.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { name: "research.csv" })).toBeVisible();
  await expect(page.getByRole("list", { name: "What the import will do" })).toContainText("2 to create");
  await expect(page.getByText(`Jo Import ${tag}`)).toBeVisible();

  await page.getByRole("button", { name: "Import 2 people" }).click();
  await expect(page).toHaveURL(/\/admin\/people\?created=2&updated=0&invited=2$/);
  await expect(page.getByText("Import done: 2 created, 0 updated, 2 invited.")).toBeVisible();

  await page.getByRole("searchbox", { name: "Search" }).fill(tag);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("2 people")).toBeVisible();
  await expect(page.getByText(`jo.${tag}@northwind.example`, { exact: true })).toBeVisible();

  // Filters narrow the list by department and level.
  await page.getByLabel("Department").selectOption("Research");
  await page.getByLabel("Level").selectOption("9");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/department=Research&level=9/);
  await expect(page.getByText("1 person", { exact: true })).toBeVisible();
  await expect(page.getByText(`mo.${tag}@northwind.example`, { exact: true })).toBeVisible();
});
