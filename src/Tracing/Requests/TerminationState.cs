namespace SpoaOpenTracing.Tracing.Requests;

/// <summary>
/// HAProxy's session termination state (<c>%ts</c>, the first two characters of <c>%tsc</c>): what ended the request
/// and in which phase, read as a span status. Anything but a normal end (<c>-</c>) or local processing (<c>L</c>,
/// e.g. <c>http-request return</c>) is an error of the SERVER span; a cause on the server side (abort, timeout, server
/// going down) is one of the CLIENT span too. The HAProxy configuration manual, "Session state at disconnection".
/// </summary>
internal readonly record struct TerminationState(string? Description, bool ServerSideError)
{
    public bool IsError => Description is not null;

    public static TerminationState Parse(string? state)
    {
        if (state is null || state.Length < 2 || state[0] is '-' or 'L')
        {
            return default;
        }

        var cause = state[0] switch
        {
            'C' => "client aborted",
            'S' => "server aborted or refused",
            'P' => "proxy aborted (limit, deny rule or security check)",
            'R' => "proxy resource exhausted",
            'I' => "proxy internal error",
            'D' => "killed: server detected down",
            'U' => "killed: active server back up",
            'K' => "killed by an administrator",
            'c' => "client-side timeout",
            's' => "server-side timeout",
            _ => null,
        };
        if (cause is null)
        {
            return default;
        }

        var phase = state[1] switch
        {
            'R' => " while waiting for the request",
            'Q' => " while queued for a connection slot",
            'C' => " while connecting to the server",
            'H' => " while waiting for the response headers",
            'D' => " during the data transfer",
            'L' => " while sending the last data to the client",
            'T' => " while tarpitted",
            _ => string.Empty,
        };
        return new TerminationState($"termination state {state[..2]}: {cause}{phase}", state[0] is 'S' or 's' or 'D' or 'U');
    }
}
