using System.Globalization;
using System.Text;
using AssessmentScorer.Reports;
using AssessmentScorer.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AssessmentScorer.Web.Tests;

/// <summary>
/// Assessment rounds in a real browser against the real host (a temporary SQLite store, the admin key from
/// configuration): sign in, make a round, upload with a bad row and see it, upload the fix, see the results, open a
/// hospital, correct a value with a reason and see the new revision and the rescored total, download the workbook with
/// the same total; a wrong key and a hospital key outside its own subject get readable messages.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RoundFlowTests(WebHost host)
{
    private const string Demo = "cn.demo.hospital-basics@1.0.0";

    static RoundFlowTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static async Task SignIn(IPage page, string key)
    {
        await page.Locator("#key").FillAsync(key);
        await page.Locator("#signin").ClickAsync();
        await page.Locator("body[data-interactive='1']").WaitForAsync();
    }

    private static async Task<string> Text(IPage page, string selector) => (await page.Locator(selector).InnerTextAsync()).Trim();

    [ChromiumFact]
    public async Task SignIn_MakeRound_UploadBadRow_Fix_Results_CorrectAValue_Download()
    {
        // 1. The rounds need a sign-in: the page says so and leads to the sign-in page; a wrong key is a message there.
        var page = await host.OpenAsync("assessments");
        (await Text(page, "#signin-needed")).Should().Contain("登录");
        await page.Locator("#signin-link").ClickAsync();
        await page.Locator("#signin-form").WaitForAsync();
        await page.Locator("body[data-interactive='1']").WaitForAsync();
        await SignIn(page, "ask_not-a-key-of-this-service");
        (await Text(page, "#signin-error")).Should().Contain("密钥无效");
        await Pages.ShouldBeAccessible(page, "sign-in with a wrong key");
        await Pages.Screenshot(page, "signin-error");

        // 2. The admin key: back to the rounds, signed in as the configuration's admin; the key is in no cookie or page.
        await SignIn(page, WebHost.AdminKey);
        await page.Locator("#create-round").WaitForAsync();
        page.Url.Should().EndWith("/assessments");
        (await Text(page, "#signed-in-as")).Should().Contain("admin (configuration)").And.Contain("管理员");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == Account.CookieName);
        cookie.HttpOnly.Should().BeTrue();
        cookie.SameSite.Should().Be(SameSiteAttribute.Strict);
        cookie.Value.Should().NotContain(WebHost.AdminKey);
        (await page.ContentAsync()).Should().NotContain(WebHost.AdminKey);
        await Pages.ShouldBeAccessible(page, "rounds");

        // 3. Make a round: the version in force in 2025 by default.
        await page.Locator("#new-scheme").SelectOptionAsync("cn.demo.hospital-basics");
        await page.Locator("#new-year").FillAsync("2025");
        await page.Locator("#new-name").FillAsync("2025 年度示范考核");
        await page.Locator("#create-round").ClickAsync();
        await page.Locator("#round-state[data-state='open']").WaitForAsync();
        var roundPath = new Uri(page.Url).AbsolutePath.TrimStart('/');
        roundPath.Should().MatchRegex(@"^assessments/\d+$");
        (await Text(page, "#round-meta")).Should().Contain(Demo);

        // 4. An upload whose second hospital (row 3: the header is row 1) has text where a number belongs: that row is
        //    rejected with its row, column and message; the other three are stored.
        await page.Locator("#upload-reason").FillAsync("首次报送");
        await page.Locator("#upload").SetInputFilesAsync(Pages.File("round.csv", Pages.DemoCsv(4, badCell: 2)));
        await page.Locator("#receipt").WaitForAsync();
        (await Text(page, "#receipt-read")).Should().Be("4");
        (await Text(page, "#receipt-accepted")).Should().Be("3");
        (await Text(page, "#receipt-rejected")).Should().Be("1");
        (await Text(page, "#rejected-alert")).Should().Contain("1 行被拒绝");
        var cell = await page.Locator("table.problems tbody tr").Filter(new() { HasText = "physicians" }).Locator("td").AllInnerTextsAsync();
        cell[0].Should().Be("round.csv");
        cell[1].Should().Be("3");
        cell[2].Should().Be("physicians");
        cell[5].Should().Contain("很多");
        await Pages.ShouldBeAccessible(page, "round upload with a bad row");
        await Pages.Screenshot(page, "round-upload");

        // 5. The fixed file, in GB18030: the fixed row is stored, the three others are unchanged.
        await page.Locator("#upload").SetInputFilesAsync(Pages.File("round-fixed.csv", Encoding.GetEncoding("GB18030").GetBytes(Pages.DemoCsv(4))));
        await page.Locator("#upload-ok").WaitForAsync();
        (await Text(page, "#receipt-accepted")).Should().Be("1");
        (await Text(page, "#receipt-unchanged")).Should().Be("3");
        await page.Locator("#scoring[data-state='idle']").WaitForAsync();
        (await Text(page, "#round-subjects")).Should().Be("4");

        // The list shows the round with its state, progress and counts.
        await WebHost.GotoAsync(page, "assessments");
        var listed = await page.Locator($"#rounds-table tr[data-round='{roundPath.Split('/')[1]}'] td").AllInnerTextsAsync();
        listed[1].Should().Be("2025 年度示范考核");
        listed[3].Should().Be("1.0.0");
        listed[6].Should().Contain("进行中");
        listed[8].Should().Be("4");
        await Pages.Screenshot(page, "rounds");
        await WebHost.GotoAsync(page, roundPath);

        // 6. The round's results: every hospital, as the library scores them.
        var expected = Pages.Expected(Demo, Pages.DemoCsv(4));
        await page.Locator("#results-link").ClickAsync();
        await page.Locator(".results-grid tbody tr a").First.WaitForAsync();
        (await Text(page, "#subject-count")).Should().Be("4");
        (await page.Locator(".results-grid tbody tr a").CountAsync()).Should().Be(4);
        (await page.Locator("#grade-chart svg").CountAsync()).Should().Be(1);
        await Pages.ShouldBeAccessible(page, "round results");
        await Pages.Screenshot(page, "round-results");

        // 7. A hospital: its result, its revisions; correct a value with a reason → a new revision, the rescored total.
        await page.Locator(".results-grid a", new() { HasText = "示范医院3" }).ClickAsync();
        await page.Locator("#indicator-table").WaitForAsync();
        page.Url.Should().EndWith($"/{roundPath}/subjects/H00003");
        var before = expected.Single(x => x.Subject.Id == "H00003");
        (await Text(page, "#total")).Should().Be($"{Web.Text.N(before.Total)} / {Web.Text.N(before.MaxTotal)}");
        (await page.Locator("#revisions tbody tr").CountAsync()).Should().Be(1);
        (await Text(page, "#revisions tbody")).Should().Contain("首次报送");

        var correctedCsv = Pages.DemoHeader + "\n" + string.Join("\n", Enumerable.Range(1, 4).Select(i => i == 3 ? Pages.DemoRow(i, physicians: "2000") : Pages.DemoRow(i))) + "\n";
        var after = Pages.Expected(Demo, correctedCsv).Single(x => x.Subject.Id == "H00003");
        after.Total.Should().NotBe(before.Total, "the correction chosen changes the hospital's total");
        await page.Locator("#fix-field").SelectOptionAsync("physicians");
        await page.WaitForFunctionAsync("() => document.querySelector('#fix-current').value === '540'");
        await page.Locator("#fix-value").FillAsync("2000");
        await page.Locator("#fix-reason").FillAsync("申诉：医师人数录入有误");
        await page.Locator("#fix-submit").ClickAsync();
        await page.Locator("#fix-done").WaitForAsync();
        (await Text(page, "#fix-done")).Should().Contain("第 2 版");
        (await page.Locator("#revisions tbody tr").CountAsync()).Should().Be(2);
        (await Text(page, "#revisions tbody tr[data-revision='2']")).Should().Contain("申诉：医师人数录入有误").And.Contain("admin (configuration)");
        (await Text(page, "#scored-from")).Should().Contain("第 2 版");
        (await Text(page, "#total")).Should().Be($"{Web.Text.N(after.Total)} / {Web.Text.N(after.MaxTotal)}");
        await Pages.ShouldBeAccessible(page, "a hospital in a round");
        await Pages.Screenshot(page, "round-hospital");

        // 8. The round's workbook opens (the library's reader) and holds the rescored total.
        await WebHost.GotoAsync(page, roundPath + "/results");
        await page.Locator("#download-xlsx").WaitForAsync();
        var xlsx = await Pages.Download(page, () => page.Locator("#download-xlsx").ClickAsync());
        var (rows, _, error) = AssessmentScorer.Reports.Xlsx.ReadFirstSheet(xlsx.Bytes);
        error.Should().BeNull();
        var header = rows[0];
        var row = rows.Single(r => r.Count > 0 && r[0] == "H00003");
        decimal.Parse(row[header.ToList().IndexOf("总分 total")], CultureInfo.InvariantCulture).Should().Be(after.Total);
        await page.Context.CloseAsync();

        // 9. A hospital key sees its own subject only: another hospital and the round's results are "no permission".
        var keys = host.Services.GetRequiredService<KeyService>();
        var admin = (await keys.AuthenticateAsync(WebHost.AdminKey))!;
        var hospital = await keys.CreateAsync(admin, new CreateKeyRequest("hospital", "示范医院1 质控科", SubjectId: "H00001"));
        var hp = await host.OpenAsync("signin?returnUrl=" + Uri.EscapeDataString("/" + roundPath));
        await SignIn(hp, hospital.Key);
        await hp.Locator("#own-link").WaitForAsync();
        (await Text(hp, "#signed-in-as")).Should().Contain("医院（H00001）");
        await WebHost.GotoAsync(hp, roundPath + "/subjects/H00002");
        (await Text(hp, "#round-error")).Should().Contain("没有权限");
        (await hp.Locator("#indicator-table").CountAsync()).Should().Be(0);
        await Pages.ShouldBeAccessible(hp, "no permission");
        await WebHost.GotoAsync(hp, roundPath + "/results");
        (await Text(hp, "#round-error")).Should().Contain("没有权限");
        await WebHost.GotoAsync(hp, roundPath + "/subjects/H00001");
        await hp.Locator("#indicator-table").WaitForAsync();
        var own = expected.Single(x => x.Subject.Id == "H00001");
        (await Text(hp, "#total")).Should().Be($"{Web.Text.N(own.Total)} / {Web.Text.N(own.MaxTotal)}");
        (await hp.ContentAsync()).Should().NotContain("Exception").And.NotContain("   at ");

        // 10. Revoked meanwhile: the next page says so and asks for a new sign-in.
        await keys.RevokeAsync(admin, hospital.Info.Id);
        await WebHost.GotoAsync(hp, roundPath);
        (await Text(hp, "#signin-needed")).Should().Contain("吊销");
        await hp.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task SignIn_InEnglish_WrongKey_IsAnEnglishMessage_AndSignOutEndsIt()
    {
        var page = await host.OpenAsync("signin", language: "en");
        await SignIn(page, "wrong");
        (await Text(page, "#signin-error")).Should().Contain("The key is not valid");
        await SignIn(page, WebHost.AdminKey);
        await page.Locator("#signout").WaitForAsync();
        (await Text(page, "#signed-in-as")).Should().Contain("admin");
        await page.Locator("#signout").ClickAsync();
        await page.Locator("#signed-out").WaitForAsync();
        (await page.Context.CookiesAsync()).Should().NotContain(c => c.Name == Account.CookieName);
        await WebHost.GotoAsync(page, "assessments");
        (await Text(page, "#signin-needed")).Should().Contain("sign in");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Playground_ComparesTheDraft_OnAStoredRound()
    {
        // A round of the demonstration scheme with five hospitals, made through the store as the API would.
        var keys = host.Services.GetRequiredService<KeyService>();
        var rounds = host.Services.GetRequiredService<RoundService>();
        var admin = (await keys.AuthenticateAsync(WebHost.AdminKey))!;
        var round = await rounds.CreateAsync(admin, new CreateRoundRequest("cn.demo.hospital-basics", null, 2025, "比较用轮次"));
        await rounds.SubmitAsync(admin, round.Id, Encoding.UTF8.GetBytes(Pages.DemoCsv(5)), InputFormat.Csv, null);

        var page = await host.OpenAsync("signin?returnUrl=" + Uri.EscapeDataString($"/playground?base={Demo}"));
        await SignIn(page, WebHost.AdminKey);
        await page.Locator("#draft-ok").WaitForAsync();
        await page.Locator("#tab-compare").ClickAsync();
        await page.Locator("#stored-round").SelectOptionAsync(round.Id.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#round-read").WaitForAsync();
        (await Text(page, "#round-read")).Should().Contain("5");
        await page.Locator("#matrix").WaitForAsync();
        var cells = await page.Locator("#matrix tbody td").AllInnerTextsAsync();
        cells.Sum(c => int.Parse(c, CultureInfo.InvariantCulture)).Should().Be(5, "every hospital of the round is in the matrix once");
        (await page.Locator("#no-movers").CountAsync()).Should().Be(1, "a draft equal to its base moves no one");
        await Pages.ShouldBeAccessible(page, "playground compare on a stored round");
        await page.Context.CloseAsync();
    }
}
