namespace BatonClerk.Simulator;

/// <summary>The active fault rules and their per-rule counters.</summary>
internal sealed class SimFaults
{
    private readonly Lock _lock = new();
    private readonly List<State> _rules = [];
    private readonly Random _random;

    public SimFaults(int seed, IEnumerable<SimFaultRule> initial)
    {
        _random = new Random(seed);
        foreach (var rule in initial)
        {
            Add(rule);
        }
    }

    public IReadOnlyList<SimFaultRule> Rules
    {
        get
        {
            lock (_lock)
            {
                return [.. _rules.Select(r => r.Rule)];
            }
        }
    }

    public void Add(SimFaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Rate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), "Rate must lie in [0, 1].");
        }

        if (rule.Kind == SimFaultKind.HttpError && rule.StatusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), "An HttpError fault needs a 4xx/5xx StatusCode.");
        }

        lock (_lock)
        {
            _rules.Add(new State(rule));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>Counts the request against every matching rule and returns the first that fires.</summary>
    public SimFaultRule? Decide(string path)
    {
        lock (_lock)
        {
            SimFaultRule? fired = null;
            foreach (var state in _rules)
            {
                if (!path.StartsWith(state.Rule.PathPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                state.Seen++;
                var hit = state.Rule.OnRequests.Count > 0
                    ? state.Rule.OnRequests.Contains(state.Seen)
                    : state.Rule.Rate > 0 && _random.NextDouble() < state.Rule.Rate;
                if (hit && fired is null && state.Fired < state.Rule.MaxFires)
                {
                    state.Fired++;
                    fired = state.Rule;
                }
            }

            return fired;
        }
    }

    private sealed class State(SimFaultRule rule)
    {
        public SimFaultRule Rule { get; } = rule;
        public int Seen { get; set; }
        public int Fired { get; set; }
    }
}
