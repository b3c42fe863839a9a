package org.jdml.api.model;

import java.util.List;
import org.jdml.api.Experimental;

/**
 * A backbone laid out parameter for parameter like a reference implementation (torchvision's
 * ResNet, say), so that its parameters can be named, grouped and written as that implementation
 * names them: for freezing early stages, for loading and exporting weights by the reference's
 * names. Implemented by the top-level block of such a backbone whether or not it starts from
 * pretrained weights.
 */
@Experimental("new with pretrained backbones")
public interface ReferenceLayout {

    /**
     * The name the reference implementation gives each parameter of this block (running statistics
     * included), in the order of {@code getParameters()}: e.g. "layer1.0.conv1.weight",
     * "bn1.running_mean".
     */
    List<String> referenceNames();

    /** The stages, input to output (resnet: stem, layer1, layer2, layer3, layer4), for freezing the first ones. */
    List<String> stages();

    /**
     * The stage of a parameter, by its reference name.
     *
     * @throws IllegalArgumentException if the name is not one of {@link #referenceNames()}
     */
    String stageOf(String referenceName);

    /**
     * The reference's name for the classifier this backbone drops, whose place the embedding layer
     * takes ("fc" for torchvision's networks, "last_linear" for BN-Inception).
     */
    String headName();

    /** What the layout is, for messages: "torchvision resnet50". */
    String layoutName();
}
