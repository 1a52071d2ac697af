package io.qforge.engine.training;

import ai.djl.ndarray.NDManager;
import io.qforge.api.Backbone;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.context.PluginContext;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.config.run.BackboneConfig;
import io.qforge.engine.config.run.PreprocessingConfig;
import io.qforge.engine.config.run.TeacherSource;
import io.qforge.engine.config.run.WeightsSource;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.plugin.ConfiguredBackbones;
import io.qforge.engine.weights.CheckpointMetadata;
import io.qforge.engine.weights.Checkpoints;
import io.qforge.engine.weights.WeightLoader;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads {@code training.teacher}: its backbone with its weights, the classes its outputs mean
 * (its {@code classes}, else its checkpoint JSON's, else the student's), checked to cover every
 * class the student learns, and its checkpoint JSON's backbone checked against its type.
 */
public final class TeacherLoader {

    private static final String AT = "$.training.teacher";

    private final ConfiguredBackbones backbones;
    private final PluginContext context;

    @Inject
    public TeacherLoader(ConfiguredBackbones backbones, PluginContext context) {
        this.backbones = backbones;
        this.context = context;
    }

    /** The teacher of a student that learns {@code studentClasses} from images preprocessed by {@code pp} into {@code channels} channels. */
    public Teacher load(TeacherSource source, List<String> studentClasses, PreprocessingConfig pp, int channels, NDManager manager) throws IOException {
        BackboneConfig c = source.backbone();
        Backbone backbone = backbones.get(c.type(), c.options());
        if (backbone.inputChannels() != channels) {
            throw new InvalidInputException(AT + ".type", "the teacher " + backbone.name() + " reads " + backbone.inputChannels()
                    + "-channel images, but the student's preprocessing gives it " + channels + ". Allowed: a teacher that reads the student's images");
        }
        WeightsSource w = c.weights() == null ? WeightsSource.of(WeightsSource.NONE) : c.weights();
        Path file = w.isImagenet() ? BackboneWeights.published(backbone, WeightsSource.IMAGENET, context, AT + ".weights")
                : w.isFile() ? Path.of(w.value()) : null;
        if (file == null && !backbone.hasOwnWeights()) {
            throw new InvalidInputException(AT + ".weights", "the teacher " + backbone.name() + " has no weights, so it knows nothing to teach. "
                    + "Allowed: the path of its trained weights (safetensors, ONNX or a qforge checkpoint), relative to the config");
        }
        // Named classes win, as in mode none: the JSON beside a file trained elsewhere need not be a qforge checkpoint's.
        Optional<CheckpointMetadata> meta = file == null || c.classes() != null ? Optional.empty() : Checkpoints.findMetadata(file);
        if (meta.isPresent() && !meta.get().backbone().equals(backbone.name())) {
            throw new InvalidInputException(AT + ".type", "is " + backbone.name() + ", but the checkpoint " + file + " was trained for the backbone "
                    + meta.get().backbone() + ". Allowed: " + meta.get().backbone());
        }
        List<String> classes = c.classes() != null ? c.classes() : meta.map(CheckpointMetadata::classNames).orElse(studentClasses);
        String whence = c.classes() != null ? "teacher.classes" : meta.isPresent() ? "the checkpoint JSON of " + file : "the dataset, as nothing names them";
        int[] columns = Teacher.columns(classes, studentClasses);
        List<String> missing = new ArrayList<>();
        if (columns != null) {
            for (int i = 0; i < columns.length; i++) {
                if (columns[i] < 0) {
                    missing.add(studentClasses.get(i));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException(AT, "predicts the classes " + classes + " (from " + whence + "), which lack " + missing
                    + " of the dataset's classes " + studentClasses + ". A teacher must know every class its student learns. Allowed: a teacher "
                    + "trained on these classes; name its outputs in teacher.classes when its weights file has no checkpoint JSON");
        }
        Graph graph = backbone.build(new BackboneSpec(classes.size(), backbone.inputChannels(), pp.height(), pp.width()));
        Parameters weights = new Parameters(file != null ? WeightLoader.load(file, backbone, graph, manager, Set.of())
                : BackboneWeights.own(backbone, graph, manager, Set.of(), AT));
        return new Teacher("teacher " + backbone.name(), new GraphExecutor(graph), weights, columns);
    }
}
