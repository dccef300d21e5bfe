package io.facefuse.templates;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "facefuse.templates")
public interface TemplateConfig {

    int maxPerApp();

    int defaultFaceDegree();

    int defaultProfileDegree();
}
