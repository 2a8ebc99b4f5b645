using Microsoft.AspNetCore.Components.Forms;

namespace AssessmentScorer.Web;

/// <summary>Reads the files a reader chose or dropped, with a readable message for each that cannot be used.</summary>
public static class Uploads
{
    public const int MaxFiles = 20;

    public static async Task<(List<(string Name, byte[] Bytes)> Files, List<string> Errors)> ReadAsync(InputFileChangeEventArgs e, Text l, CancellationToken ct = default)
    {
        var files = new List<(string, byte[])>();
        var errors = new List<string>();
        if (e.FileCount > MaxFiles)
        {
            errors.Add(l.T($"一次最多上传 {MaxFiles} 个文件（选了 {e.FileCount} 个）。", $"At most {MaxFiles} files at once ({e.FileCount} were chosen)."));
            return (files, errors);
        }
        foreach (var file in e.GetMultipleFiles(MaxFiles))
        {
            var ext = Path.GetExtension(file.Name).ToLowerInvariant();
            if (!Inputs.Extensions.Contains(ext))
            {
                errors.Add(l.T($"{file.Name}：不支持的文件类型“{ext}”，请上传 .xlsx、.csv、.json 或 .jsonl。", $"{file.Name}: files of type '{ext}' are not read; upload .xlsx, .csv, .json or .jsonl."));
                continue;
            }
            if (file.Size > WebSetup.MaxUploadBytes)
            {
                errors.Add(l.T($"{file.Name}：文件有 {file.Size / 1024 / 1024} MB，超过上限 {WebSetup.MaxUploadBytes / 1024 / 1024} MB。", $"{file.Name}: the file is {file.Size / 1024 / 1024} MB, over the limit of {WebSetup.MaxUploadBytes / 1024 / 1024} MB."));
                continue;
            }
            try
            {
                using var ms = new MemoryStream();
                await using var s = file.OpenReadStream(WebSetup.MaxUploadBytes, ct);
                await s.CopyToAsync(ms, ct);
                files.Add((Path.GetFileName(file.Name), ms.ToArray()));
            }
            catch (IOException ex)
            {
                errors.Add(l.T($"{file.Name}：读取失败（{ex.Message}）。", $"{file.Name}: the upload failed ({ex.Message})."));
            }
        }
        return (files, errors);
    }
}
