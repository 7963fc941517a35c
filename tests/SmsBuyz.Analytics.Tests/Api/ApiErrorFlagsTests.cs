using System.Net;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

public sealed class ApiErrorFlagsTests
{
    public static TheoryData<ApiErrorKind, bool, bool, bool> Flags => new()
    {
        // kind, IsTransient, IsAuthFailure, OutcomeUnknown
        { ApiErrorKind.Unauthorized, false, true, false },
        { ApiErrorKind.Forbidden, false, true, false },
        { ApiErrorKind.InsufficientBalance, false, false, false },
        { ApiErrorKind.BadRequest, false, false, false },
        { ApiErrorKind.NotFound, false, false, false },
        { ApiErrorKind.NoNumbers, true, false, false },
        { ApiErrorKind.RateLimited, true, false, false },
        { ApiErrorKind.ServerError, true, false, true },
        { ApiErrorKind.GatewayError, true, false, true },
        { ApiErrorKind.Timeout, true, false, true },
        { ApiErrorKind.Network, true, false, true },
        { ApiErrorKind.InvalidResponse, true, false, true },
    };

    [Theory]
    [MemberData(nameof(Flags))]
    public void Flags_EachKind_MatchDocumentedMeaning(ApiErrorKind kind, bool transient, bool auth, bool unknown)
    {
        var ex = new SmsBuyzApiException(kind, "user/profile", HttpStatusCode.OK, null);

        Assert.Equal((transient, auth, unknown), (ex.IsTransient, ex.IsAuthFailure, ex.OutcomeUnknown));
    }

    [Fact]
    public void Flags_EveryKind_IsCovered()
    {
        Assert.Equal(Enum.GetValues<ApiErrorKind>().Length, Flags.Count);
    }
}
