namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>What an argument of an <c>opentracing:</c> message asks for, by its name.</summary>
internal enum Directive : byte
{
    Unknown,
    Id,
    Span,
    ChildOf,
    FollowsFrom,
    Tag,
    Baggage,
    Log,
    Finish,

    /// <summary>A message-wide option (context headers, times, inject, require-context), read before the span grammar.</summary>
    Option,
    Kind,
    Status,
    StatusDescription,
    HttpStatus,
    Name,
}
