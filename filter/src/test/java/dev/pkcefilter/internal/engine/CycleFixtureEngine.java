package dev.pkcefilter.internal.engine;

import dev.pkcefilter.internal.web.CycleFixtureWeb;

/** For LayeringTest only: the other half of a package cycle. */
public final class CycleFixtureEngine {

    CycleFixtureWeb other;
}
