package io.qforge.api.backbone;

import java.util.List;

/**
 * Where the classifier head of a backbone is.
 *
 * @param nodeName the head node, e.g. {@code fc}: a linear layer, or a 1x1 conv as in SqueezeNet
 * @param parameterNames its parameters, e.g. {@code fc.weight}, {@code fc.bias}
 * @param inFeatures the channels of the features entering the head, e.g. 512: the length of a
 *     flat feature vector, or the channels of a feature map
 * @param featureNode the node whose output feeds the head (the cached features); nothing after it
 *     reads a tensor from before it
 */
public record HeadInfo(String nodeName, List<String> parameterNames, int inFeatures, String featureNode) {

    public HeadInfo {
        parameterNames = List.copyOf(parameterNames);
    }
}
