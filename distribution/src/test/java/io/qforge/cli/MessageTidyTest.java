package io.qforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Sentences joined from parts can leave ";." or ":." behind; the command line prints one full stop. */
class MessageTidyTest {

    @Test
    void joinedPunctuationBecomesOneFullStop() {
        assertEquals("x.json: bad value. Allowed: 1 to 8.", QforgeCli.tidy("x.json: bad value;. Allowed: 1 to 8;."));
        assertEquals("a: b. c", QforgeCli.tidy("a: b:. c"));
    }

    @Test
    void pathsAndDecimalsAreLeftAlone() {
        String message = "../out/run.v2: 0.5 is not allowed, e.g. ./x or 1.5";
        assertEquals(message, QforgeCli.tidy(message));
    }
}
