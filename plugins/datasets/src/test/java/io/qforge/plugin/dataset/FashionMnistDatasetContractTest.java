package io.qforge.plugin.dataset;

import io.qforge.api.Dataset;
import io.qforge.testkit.DatasetContract;
import java.util.Map;

/**
 * {@code fashion-mnist} meets the dataset contract of the plugin testkit, on the real dataset at
 * its configured path: Debian's copy, which scripts/install-prerequisites.sh installs.
 */
class FashionMnistDatasetContractTest extends DatasetContract {

    @Override
    protected Dataset dataset() {
        return new FashionMnistDataset();
    }

    @Override
    protected Map<String, Object> options() {
        return Map.of("path", FashionMnistFiles.DEBIAN.toString(), "samples_per_class", 20);
    }
}
