package io.qforge.testkit;

import ai.djl.ndarray.NDManager;

/** One PyTorch NDManager per contract test class, offline: nothing is downloaded in tests. */
final class TestArrays {

    private TestArrays() {}

    static NDManager newManager() {
        System.setProperty("ai.djl.offline", "true");
        return NDManager.newBaseManager("PyTorch");
    }
}
