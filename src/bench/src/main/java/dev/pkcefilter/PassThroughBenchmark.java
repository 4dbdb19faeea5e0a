package dev.pkcefilter;

import dev.pkcefilter.internal.session.SessionKeys;
import dev.pkcefilter.jakarta.PkceFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot path: a request of a signed-in user through the filter, against a filter that only looks
 * the user up in the session. Run with {@code -prof gc} for bytes allocated per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class PassThroughBenchmark {

    private LocalOpenIdProvider provider;
    private PkceFilter filter;
    private Filter lookupOnly;
    private BenchExchange.Request request;
    private BenchExchange.Response response;
    private Blackhole blackhole;
    private final FilterChain chain = (req, res) -> blackhole.consume(req);

    @Setup(Level.Trial)
    public void start(Blackhole bh) throws Exception {
        blackhole = bh;
        provider = BenchFilters.provider();
        FilterSettings settings = BenchFilters.settings(provider.issuer());
        filter = BenchFilters.started(settings);
        lookupOnly = BenchFilters.sessionLookupOnly(new SessionKeys(settings.internal()).user());
        request = new BenchExchange.Request("/reports/q3", BenchFilters.signedInSession(settings));
        response = new BenchExchange.Response();
    }

    @TearDown(Level.Trial)
    public void stop() {
        filter.destroy();
        provider.close();
    }

    @Benchmark
    public void signedInThroughPkceFilter() throws Exception {
        filter.doFilter(request, response, chain);
    }

    @Benchmark
    public void signedInThroughSessionLookupOnly() throws Exception {
        lookupOnly.doFilter(request, response, chain);
    }
}
