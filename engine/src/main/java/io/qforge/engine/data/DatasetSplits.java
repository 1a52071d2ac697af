package io.qforge.engine.data;

import io.qforge.api.InvalidInputException;
import io.qforge.api.data.ImageSet;
import java.util.List;

/** The training and test splits of a config's dataset, with the same classes and some images each (see {@link Datasets}). */
public record DatasetSplits(ImageSet train, ImageSet test) {

    /**
     * Both splits labelled by a model's classes, matched by name: a model trained outside qforge
     * may list its classes in another order than the dataset, or predict more classes than the
     * dataset holds. Every dataset class must be one of the model's; {@code model} names the model
     * in the error.
     */
    public DatasetSplits labelledAs(List<String> modelClasses, String model) {
        if (train.classNames().equals(modelClasses)) {
            return this;
        }
        List<String> unknown = train.classNames().stream().filter(c -> !modelClasses.contains(c)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("$.dataset", "has the classes " + unknown + ", which " + model + " does not predict. "
                    + "Its classes, in label order: " + modelClasses + ". Use a dataset of those classes, or set backbone.classes to the model's class names");
        }
        return new DatasetSplits(new RelabelledImages(train, modelClasses), new RelabelledImages(test, modelClasses));
    }
}
