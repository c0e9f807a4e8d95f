/**
 * SPEC §1.1: which card headings satisfy a required section. Keyed by the name a policy requires
 * (`gates.documentation.required_sections`); each entry lists the headings, as people write them,
 * that count as that section. Names compare after `normaliseSectionName` (case, punctuation, `&`,
 * numbering and an "[optional]" tag do not matter), so only one spelling of each is listed.
 *
 * The headings come from the three layouts real cards use:
 * - the Hugging Face Hub's card template and its trainer's generated cards ("Uses", "Direct Use",
 *   "Bias, Risks, and Limitations", "Training Details", "Testing Data, Factors & Metrics",
 *   "Intended uses & limitations", "Training and evaluation data"),
 * - Mitchell et al., "Model Cards for Model Reporting" (FAT* 2019): "Model Details", "Intended
 *   Use", "Factors", "Metrics", "Evaluation Data", "Training Data", "Quantitative Analyses",
 *   "Ethical Considerations", "Caveats and Recommendations",
 * - Google's Model Card Toolkit template ("Overview", "Considerations", "Use Cases",
 *   "Limitations", "Tradeoffs", "Quantitative Analysis", "Train Set", "Eval Set"),
 * and the compound headings teams write by hand ("Performance and Limitations", "Ethical
 * Considerations and Limitations", "Model Use", "Benchmarks", "Results").
 *
 * A heading may satisfy several sections: "Intended uses & limitations" is both intended use and
 * limitations. Only headings that clearly are the section are listed: "Out-of-Scope Use" says what
 * the model is NOT for, and "Training Procedure" describes the run, not the data.
 *
 * docs/policy.md shows this table (test/docs/section-synonyms-doc.test.ts keeps them equal).
 */
export const SECTION_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  "intended use": [
    "Intended Use",
    "Intended Uses",
    "Uses",
    "Direct Use",
    "Intended Uses & Limitations",
    "Model Use",
    "Use Cases",
    "Intended Users",
    "Primary Intended Uses",
  ],
  limitations: [
    "Limitations",
    "Known Limitations",
    "Risks and Limitations",
    "Bias, Risks, and Limitations",
    "Limitations and Bias",
    "Caveats and Recommendations",
    "Intended Uses & Limitations",
    "Performance and Limitations",
    "Ethical Considerations and Limitations",
  ],
  "training data": [
    "Training Data",
    "Training Dataset",
    "Training Datasets",
    "Training Details",
    "Training and Evaluation Data",
    "Train Set",
  ],
  evaluation: [
    "Evaluation",
    "Evaluations",
    "Evaluation Results",
    "Evaluation Data",
    "Testing Data, Factors & Metrics",
    "Quantitative Analyses",
    "Quantitative Analysis",
    "Metrics",
    "Performance",
    "Performance and Limitations",
    "Benchmarks",
    "Results",
    "Training and Evaluation Data",
    "Eval Set",
  ],
  "ethical considerations": [
    "Ethical Considerations",
    "Ethics",
    "Bias, Risks, and Limitations",
    "Ethical Considerations and Limitations",
  ],
  "model details": ["Model Details", "Model Description", "Overview", "Model Overview", "Model Summary"],
  factors: ["Factors", "Testing Data, Factors & Metrics"],
  metrics: ["Metrics", "Testing Data, Factors & Metrics", "Performance Metrics"],
  "evaluation data": [
    "Evaluation Data",
    "Evaluation Dataset",
    "Testing Data",
    "Test Data",
    "Training and Evaluation Data",
    "Eval Set",
  ],
  "quantitative analyses": [
    "Quantitative Analyses",
    "Quantitative Analysis",
    "Results",
    "Evaluation Results",
  ],
  "caveats and recommendations": ["Caveats and Recommendations", "Recommendations"],
};
