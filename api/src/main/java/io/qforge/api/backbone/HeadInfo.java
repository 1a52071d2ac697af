package io.qforge.api.backbone;

import java.util.List;

/**
 * Where the classifier head of a backbone is.
 *
 * @param nodeName the head node, e.g. {@code fc}
 * @param parameterNames its parameters, e.g. {@code fc.weight}, {@code fc.bias}
 * @param inFeatures the width of the features entering the head, e.g. 512
 * @param featureNode the node whose output feeds the head (the cached features)
 */
public record HeadInfo(String nodeName, List<String> parameterNames, int inFeatures, String featureNode) {

    public HeadInfo {
        parameterNames = List.copyOf(parameterNames);
    }
}
