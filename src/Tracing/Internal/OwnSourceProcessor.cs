using System.Diagnostics;
using OpenTelemetry;

namespace SpoaOpenTracing.Tracing.Internal;

/// <summary>
/// Passes on only the spans of one <see cref="ActivitySource"/> instance. A TracerProvider subscribes to sources by
/// name, so two engines alive in one process (a library host, or tests running in parallel) would otherwise each
/// export the other's spans as well.
/// </summary>
internal sealed class OwnSourceProcessor : CompositeProcessor<Activity>
{
    private readonly ActivitySource _source;

    public OwnSourceProcessor(ActivitySource source, IEnumerable<BaseProcessor<Activity>> processors)
        : base(processors)
    {
        _source = source;
    }

    public override void OnStart(Activity data)
    {
        if (ReferenceEquals(data.Source, _source))
        {
            base.OnStart(data);
        }
    }

    public override void OnEnd(Activity data)
    {
        if (ReferenceEquals(data.Source, _source))
        {
            base.OnEnd(data);
        }
    }
}
