package dev.pkcefilter.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RequiredToolTest {

    @Test
    void missingMessageWhenAToolIsAbsentThenNamesTheProgramAndTheLineThatInstallsItsPackage() {
        assertEquals("chromedriver is missing: install it with 'sudo apt-get install -y chromium-driver'"
                + " (./test installs every tool the tests need)", RequiredTool.CHROMEDRIVER.missingMessage());
        assertEquals("redis-cli is missing: install it with 'sudo apt-get install -y redis-tools'"
                + " (./test installs every tool the tests need)", RequiredTool.REDIS_CLI.missingMessage());
    }
}
