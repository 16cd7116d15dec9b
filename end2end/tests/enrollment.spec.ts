import { expect, test } from "@playwright/test";
import { ADMIN, PASSWORD, hydrated, linkInLastMailTo, signIn } from "./helpers";

// The whole way to a program people have joined: an org admin imports a colleague, builds a
// program with its survey and opens enrollment; the colleague accepts the emailed invitation
// on a phone, joins and answers; the admin sees the enrollment count.
test("an admin opens a program with a survey and an imported colleague enrolls from a phone", async ({ browser }) => {
  const tag = `${Date.now()}`;
  const email = `pia.${tag}@northwind.example`;
  const program = `Research mentoring ${tag}`;

  const admin = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(admin, ADMIN.email, ADMIN.password);

  // Import the colleague from a CSV file.
  await admin.goto("/admin/import");
  const csv = [
    "email,name,department,job title,level,manager_email,time zone",
    `${email},Pia Research ${tag},Research ${tag},Researcher,4,ceo@northwind.example,Europe/Lisbon`,
  ].join("\n");
  await admin.getByLabel("Directory file (CSV)").setInputFiles({ name: "research.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await admin.getByRole("button", { name: "Upload and preview" }).click();
  await admin.getByRole("button", { name: "Import 1 person" }).click();
  await expect(admin.getByText("Import done: 1 created, 0 updated, 1 invited.")).toBeVisible();

  // A mentor–mentee program for that department.
  await admin.goto("/programs/new");
  await hydrated(admin);
  await admin.getByLabel("Name").fill(program);
  await admin.getByLabel("How people are grouped").selectOption("mentor_mentee");
  await admin.getByLabel("Enrollment opens").fill("2027-01-04");
  await admin.getByLabel("Enrollment closes").fill("2027-01-22");
  await admin.getByLabel("Program starts").fill("2027-02-01");
  await admin.getByLabel("Program ends").fill("2027-07-30");
  await admin.getByLabel("Departments").fill(`Research ${tag}`);
  await admin.getByRole("button", { name: "Save program" }).click();
  await expect(admin.getByText("The program has been saved.")).toBeVisible();
  const programUrl = new URL(admin.url()).pathname;

  // The survey starts with the default questions; add one of our own.
  await admin.getByRole("link", { name: "Survey", exact: true }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Enrollment survey" })).toBeVisible();
  await expect(admin.getByRole("heading", { name: "Skills you want to grow" })).toBeVisible();
  await expect(admin.getByText(/Complementary · weight 5 · meets "Skills you can offer"/)).toBeVisible();
  const add = admin.getByRole("region", { name: "Add a question" });
  await add.getByLabel("Question", { exact: true }).fill("Which office are you in?");
  await add.getByLabel("Kind of answer").selectOption("single");
  await add.getByLabel("How matching uses it").selectOption("different");
  await add.getByLabel("Weight").fill("3");
  await add.getByLabel("People must answer this question").check();
  await add.getByRole("button", { name: "Add question" }).click();
  // A choice question needs options: said next to the field, nothing added.
  await expect(add.getByText("Give at least two options, one per line.")).toBeVisible();
  await add.getByLabel("Options").fill("Lisbon\nBerlin\nRemote");
  await add.getByRole("button", { name: "Add question" }).click();
  await expect(admin.getByText("The question has been saved.")).toBeVisible();
  await expect(admin.getByRole("heading", { name: "Which office are you in?" })).toBeVisible();

  await admin.goto(programUrl);
  await admin.getByRole("button", { name: "Open enrollment" }).click();
  await expect(admin.locator(".badge-lg")).toHaveText("Enrolling");
  await expect(admin.getByTestId("program-enrolled-count")).toHaveText("0");

  // The colleague, on a phone, follows the invitation from the email.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const pia = await phone.newPage();
  await pia.goto(await linkInLastMailTo(email, "invite"));
  await hydrated(pia);
  await expect(pia.getByLabel("Work email")).toHaveValue(email);
  await pia.getByLabel("Your name").fill(`Pia Research ${tag}`);
  await pia.getByLabel("Password").fill(PASSWORD);
  await pia.getByRole("button", { name: "Create account" }).click();
  await expect(pia).toHaveURL(/\/profile\?welcome=1$/);

  // The dashboard offers the program; joining is one tap away.
  await pia.getByRole("navigation", { name: "Main (mobile)" }).getByRole("link", { name: "Home" }).click();
  const open = pia.getByRole("region", { name: "Open for enrollment" });
  await open.getByRole("link", { name: `Join ${program}` }).click();
  await expect(pia.getByRole("heading", { level: 1, name: `Join ${program}` })).toBeVisible();
  await hydrated(pia);

  await pia.getByLabel("Mentee", { exact: true }).check();
  await pia.getByRole("group", { name: "Skills you can offer" }).getByLabel("Writing").check();
  await pia.getByRole("group", { name: "Skills you want to grow" }).getByLabel("Public speaking").check();
  await pia.getByRole("radiogroup", { name: "What do you want from this program?" }).getByLabel("Grow a specific skill").check();
  await pia.getByRole("radiogroup", { name: "How do you prefer to meet?" }).getByLabel("Video call").check();
  await pia.getByRole("group", { name: "When are you usually available?" }).getByLabel("Lunchtime").check();
  await pia.getByRole("button", { name: "Join the program" }).click();
  // The one required question left is named where it is asked.
  const office = pia.locator(".survey-question", { hasText: "Which office are you in?" });
  await expect(office.getByText("Please answer this question.")).toBeVisible();
  await office.getByLabel("Lisbon").check();
  await pia.getByRole("button", { name: "Join the program" }).click();

  await expect(pia.getByText("You are in!")).toBeVisible();
  await expect(pia.getByRole("region", { name: "Your participation" })).toContainText("Taking part");
  expect(await pia.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Her checklist shows the survey done, and her answers come back when she edits them.
  await pia.getByRole("navigation", { name: "Main (mobile)" }).getByRole("link", { name: "Home" }).click();
  const checklist = pia.getByRole("region", { name: `Getting started in ${program}` });
  await expect(checklist).toContainText("1 of 4 done");
  await expect(checklist.locator(".step-done")).toContainText("Answer the survey");
  await pia.goto(`${programUrl}/enroll`);
  await expect(pia.getByLabel("Mentee", { exact: true })).toBeChecked();
  await expect(pia.locator(".survey-question", { hasText: "Which office are you in?" }).getByLabel("Lisbon")).toBeChecked();

  // The admin sees the enrollment count and her answers.
  await admin.reload();
  await expect(admin.getByTestId("program-enrolled-count")).toHaveText("1");
  await admin.getByRole("link", { name: "Enrollments", exact: true }).click();
  await expect(admin.getByTestId("enrolled-count")).toHaveText("1");
  await admin.getByText(`Pia Research ${tag}`).click();
  await expect(admin.locator(".answers")).toContainText("Lisbon");
  await phone.close();
});
