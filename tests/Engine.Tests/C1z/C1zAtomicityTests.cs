using BatonClerk.Engine.C1z;

namespace BatonClerk.Engine.Tests.C1z;

public sealed class C1zAtomicityTests : IDisposable
{
    private static readonly byte[] OldContent = "previous c1z bytes"u8.ToArray();
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ExistingTarget()
    {
        var path = _dir.File("sync.c1z");
        File.WriteAllBytes(path, OldContent);
        return path;
    }

    [Fact]
    public void Complete_FailureBeforeRename_LeavesTargetIdenticalAndNoTempFiles()
    {
        var target = ExistingTarget();
        string? seenTemp = null;
        var options = new C1zWriterOptions
        {
            BeforeCommit = temp =>
            {
                seenTemp = temp;
                throw new IOException("disk full (injected)");
            },
        };
        using var writer = C1zWriter.Create(target, options);
        writer.PutResourceTypes([SampleData.UserType()]);
        writer.PutGrants([SampleData.Grant("org_1", "user_1")]);

        var error = Assert.Throws<C1zException>(() => writer.Complete());

        Assert.Contains("disk full (injected)", error.Message);
        Assert.NotNull(seenTemp);
        Assert.Equal(OldContent, File.ReadAllBytes(target));
        Assert.Equal(["sync.c1z"], _dir.Entries());
    }

    [Fact]
    public void Dispose_WithoutComplete_LeavesTargetIdenticalAndNoWorkingFiles()
    {
        var target = ExistingTarget();

        using (var writer = C1zWriter.Create(target))
        {
            writer.PutResourceTypes([SampleData.UserType()]);
            Assert.True(_dir.Entries().Length > 1, "the working database should exist while writing");
        }

        Assert.Equal(OldContent, File.ReadAllBytes(target));
        Assert.Equal(["sync.c1z"], _dir.Entries());
    }

    [Fact]
    public void Complete_Success_ReplacesTargetAndLeavesOnlyIt()
    {
        var target = ExistingTarget();

        using (var writer = C1zWriter.Create(target))
        {
            writer.PutResourceTypes([SampleData.UserType()]);
            writer.Complete();
        }

        Assert.NotEqual(OldContent, File.ReadAllBytes(target));
        Assert.Equal(["sync.c1z"], _dir.Entries());
    }

    [Fact]
    public void Create_WorkingDirectoryOption_KeepsWorkingDatabaseThere()
    {
        using var work = new TempDir();
        var target = _dir.File("sync.c1z");

        using var writer = C1zWriter.Create(target, new C1zWriterOptions { WorkingDirectory = work.Path });

        Assert.Single(work.Entries());
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void PutGrants_AfterComplete_Throws()
    {
        using var writer = C1zWriter.Create(_dir.File("sync.c1z"));
        writer.Complete();

        Assert.Throws<InvalidOperationException>(() => writer.PutGrants([SampleData.Grant("o", "u")]));
    }

    [Fact]
    public void Create_InvalidCompressionLevel_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            C1zWriter.Create(_dir.File("x.c1z"), new C1zWriterOptions { CompressionLevel = 0 }));

    [Fact]
    public void PutResources_OneInvalidInBatch_WritesNothingAndKeepsWriterUsable()
    {
        using var writer = C1zWriter.Create(_dir.File("sync.c1z"));

        Assert.Throws<ArgumentException>(() =>
            writer.PutResources([SampleData.User("u0"), new BatonClerk.Engine.Baton.V2.Resource()]));
        writer.PutResources([SampleData.User("u1")]);

        Assert.Equal(1, writer.Complete().Resources);
    }

    [Fact]
    public void PutGrants_MissingPrincipal_Throws()
    {
        using var writer = C1zWriter.Create(_dir.File("sync.c1z"));
        var grant = SampleData.Grant("o", "u");
        grant.Principal = null;

        var error = Assert.Throws<ArgumentException>(() => writer.PutGrants([grant]));

        Assert.Contains("principal", error.Message);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(256)]
    [InlineData(131072)]
    public void Create_InvalidPageSize_Throws(int pageSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            C1zWriter.Create(_dir.File("x.c1z"), new C1zWriterOptions { PageSize = pageSize }));

    [Fact]
    public void Complete_SdkPageSize_ReadsBack()
    {
        var path = _dir.File("sync.c1z");
        using (var writer = C1zWriter.Create(path, new C1zWriterOptions { PageSize = 4096 }))
        {
            writer.PutResources([SampleData.User("u1")]);
            writer.Complete();
        }

        using var reader = C1zReader.Open(path, _dir.Path);
        Assert.Equal([SampleData.User("u1")], reader.Resources());
    }
}
