using SpoaOpenTracing.Spop;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>Which <see cref="Directive"/> an argument's name asks for; compared by length first, as
/// <see cref="MessageOptions"/> does.</summary>
internal static class DirectiveNames
{
    public static Directive Classify(in SpopArgument argument)
    {
        var name = argument.Name;
        var directive = name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => Directive.Id,
            3 when name.SequenceEqual("tag"u8) => Directive.Tag,
            3 when name.SequenceEqual("log"u8) => Directive.Log,
            4 when name.SequenceEqual("span"u8) => Directive.Span,
            4 when name.SequenceEqual("kind"u8) => Directive.Kind,
            4 when name.SequenceEqual("name"u8) => Directive.Name,
            6 when name.SequenceEqual("finish"u8) => Directive.Finish,
            6 when name.SequenceEqual("status"u8) => Directive.Status,
            7 when name.SequenceEqual("baggage"u8) => Directive.Baggage,
            8 when name.SequenceEqual("child-of"u8) => Directive.ChildOf,
            11 when name.SequenceEqual("http-status"u8) => Directive.HttpStatus,
            12 when name.SequenceEqual("follows-from"u8) => Directive.FollowsFrom,
            18 when name.SequenceEqual("status-description"u8) => Directive.StatusDescription,
            _ => Directive.Unknown,
        };

        return directive == Directive.Unknown && MessageOptions.IsOption(argument) ? Directive.Option : directive;
    }
}
