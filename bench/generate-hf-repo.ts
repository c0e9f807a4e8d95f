import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * A repository of Hugging Face model cards as teams mirror them from the Hub: one folder per
 * model, `models/<org>/<model>/README.md`, some with the model's `config.json` beside it. The
 * cards follow the three shapes most Hub cards have (written from the Hub's docs and template):
 * - the `transformers` Trainer's generated card: front matter with `base_model`, `tags`,
 *   `datasets`, a `model-index` of one result, and "More information needed" sections;
 * - the Hub's card template: "Uses", "Bias, Risks, and Limitations", "Training Details", …,
 *   partly filled, partly "[More Information Needed]";
 * - a speech model evaluated on several configs of one dataset (one `wer` per language), the
 *   case where metric rows must say which data they are.
 * Deterministic: the same count gives the same bytes.
 */
export async function writeHfRepo(root: string, cards: number): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const write = async (rel: string, text: string) => {
    const full = path.join(root, ...rel.split("/"));
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  // Folders in parallel batches: fast, with a bounded number of open files.
  const BATCH = 200;
  for (let start = 0; start < cards; start += BATCH) {
    const batch: Promise<void>[] = [];
    for (let i = start; i < Math.min(cards, start + BATCH); i++) {
      const dir = hfModelDir(i);
      batch.push(write(`${dir}/README.md`, hfCard(i)));
      if (i % 3 === 0) batch.push(write(`${dir}/config.json`, configJson(i)));
    }
    await Promise.all(batch);
  }
  return { files, bytes };
}

const ORGS = 120;
const KINDS = ["trainer", "template", "speech"] as const;

export const hfModelDir = (i: number): string =>
  `models/org-${String(i % ORGS).padStart(3, "0")}/${hfModelName(i)}`;
const hfModelName = (i: number): string => `${KINDS[i % 3]}-model-${String(i).padStart(5, "0")}`;

/** A value in (0.5, 0.99), stable per (model, metric). */
function score(i: number, k: number): number {
  return Math.round((0.5 + (((i * 37 + k * 11) % 97) / 97) * 0.49) * 1e4) / 1e4;
}

export function hfCard(i: number): string {
  const kind = KINDS[i % 3];
  if (kind === "trainer") return trainerCard(i);
  if (kind === "template") return templateCard(i);
  return speechCard(i);
}

function trainerCard(i: number): string {
  const name = hfModelName(i);
  const task = ["mrpc", "sst2", "cola", "qnli"][i % 4];
  return `---
license: apache-2.0
base_model: distilbert/distilbert-base-uncased
tags:
- generated_from_trainer
datasets:
- nyu-mll/glue
metrics:
- accuracy
- f1
model-index:
- name: ${name}
  results:
  - task:
      name: Text Classification
      type: text-classification
    dataset:
      name: GLUE ${task?.toUpperCase()}
      type: nyu-mll/glue
      config: ${task}
      split: validation
      args: ${task}
    metrics:
    - name: Accuracy
      type: accuracy
      value: ${score(i, 1)}
    - name: F1
      type: f1
      value: ${score(i, 2)}
pipeline_tag: text-classification
library_name: transformers
---

<!-- This model card has been generated automatically according to the information the Trainer had access to. You
should probably proofread and complete it, then remove this comment. -->

# ${name}

This model is a fine-tuned version of [distilbert/distilbert-base-uncased](https://huggingface.co/distilbert/distilbert-base-uncased) on the GLUE ${task?.toUpperCase()} dataset.
It achieves the following results on the evaluation set:
- Loss: ${(score(i, 3) / 2).toFixed(4)}
- Accuracy: ${score(i, 1)}
- F1: ${score(i, 2)}

## Model description

More information needed

## Intended uses & limitations

More information needed

## Training and evaluation data

More information needed

## Training procedure

### Training hyperparameters

The following hyperparameters were used during training:
- learning_rate: 2e-05
- train_batch_size: 16
- eval_batch_size: 16
- seed: ${i % 100}
- optimizer: Use adamw_torch with betas=(0.9,0.999) and epsilon=1e-08
- lr_scheduler_type: linear
- num_epochs: 3

### Training results

| Training Loss | Epoch | Step | Validation Loss | Accuracy | F1     |
|:-------------:|:-----:|:----:|:---------------:|:--------:|:------:|
| No log        | 1.0   | 230  | 0.3812          | 0.8358   | 0.8849 |
| No log        | 2.0   | 460  | 0.3683          | 0.8554   | 0.8993 |
| 0.3019        | 3.0   | 690  | ${(score(i, 3) / 2).toFixed(4)}          | ${score(i, 1)}   | ${score(i, 2)} |

### Framework versions

- Transformers 4.44.2
- Pytorch 2.4.0+cu121
- Datasets 2.21.0
- Tokenizers 0.19.1
`;
}

function templateCard(i: number): string {
  const name = hfModelName(i);
  return `---
language:
- en
license: mit
library_name: transformers
pipeline_tag: token-classification
datasets:
- eriktks/conll2003
model-index:
- name: ${name}
  results:
  - task:
      type: token-classification
      name: Named Entity Recognition
    dataset:
      type: eriktks/conll2003
      name: CoNLL-2003
      split: test
    metrics:
    - type: precision
      value: ${score(i, 1)}
      name: Precision
    - type: recall
      value: ${score(i, 2)}
      name: Recall
    - type: f1
      value: ${score(i, 3)}
      name: F1
---

# Model Card for ${name}

<!-- Provide a quick summary of what the model is/does. -->

Tags person, organisation, location and miscellaneous entities in English news text.

## Model Details

### Model Description

<!-- Provide a longer summary of what this model is. -->

A token classification head on a small English encoder, fine-tuned on CoNLL-2003 for named entity recognition.

- **Developed by:** Team ${i % ORGS}
- **Model type:** Token classification
- **Language(s) (NLP):** English
- **License:** MIT
- **Finetuned from model [optional]:** [More Information Needed]

### Model Sources [optional]

- **Repository:** [More Information Needed]
- **Paper [optional]:** [More Information Needed]

## Uses

<!-- Address questions around how the model is intended to be used, including the foreseeable users of the model and those affected by the model. -->

### Direct Use

Entity tagging of English news and similar edited prose, as a step of search indexing and document linking.

### Downstream Use [optional]

[More Information Needed]

### Out-of-Scope Use

Social media text, other languages, and any decision about a person based on the entities found.

## Bias, Risks, and Limitations

<!-- This section is meant to convey both technical and sociotechnical limitations. -->

Trained on news from 1996: names that became common later, and entities of non-Western origin, are tagged less reliably.

### Recommendations

Users (both direct and downstream) should be made aware of the risks, biases and limitations of the model.

## How to Get Started with the Model

\`\`\`python
from transformers import pipeline
ner = pipeline("token-classification", model="org-${i % ORGS}/${name}", aggregation_strategy="simple")
ner("Hugging Face is based in New York City.")
\`\`\`

## Training Details

### Training Data

<!-- This should link to a Dataset Card. -->

The CoNLL-2003 English training split, 14,041 sentences of Reuters news with four entity types.

### Training Procedure

#### Training Hyperparameters

- **Training regime:** fp16 mixed precision

## Evaluation

<!-- This section describes the evaluation protocols and provides the results. -->

### Testing Data, Factors & Metrics

#### Testing Data

The CoNLL-2003 English test split.

#### Metrics

Entity-level precision, recall and F1 (seqeval).

### Results

Precision ${score(i, 1)}, recall ${score(i, 2)}, F1 ${score(i, 3)} on the test split.

## Environmental Impact

- **Hardware Type:** [More Information Needed]
- **Hours used:** [More Information Needed]

## Model Card Contact

[More Information Needed]
`;
}

const LANGUAGES = ["en", "fr", "de", "es", "it"];

function speechCard(i: number): string {
  const name = hfModelName(i);
  const results = LANGUAGES.map(
    (lang, k) => `  - task:
      name: Automatic Speech Recognition
      type: automatic-speech-recognition
    dataset:
      name: Common Voice 17.0
      type: mozilla-foundation/common_voice_17_0
      config: ${lang}
      split: test
      args: ${lang}
    metrics:
    - name: Wer
      type: wer
      value: ${(score(i, k) * 30).toFixed(2)}
    - name: Cer
      type: cer
      value: ${(score(i, k + 5) * 10).toFixed(2)}`,
  );
  return `---
language: [${LANGUAGES.join(", ")}]
license: cc-by-4.0
base_model: openai/whisper-small
tags:
- automatic-speech-recognition
- whisper
datasets:
- mozilla-foundation/common_voice_17_0
model-index:
- name: ${name}
  results:
${results.join("\n")}
pipeline_tag: automatic-speech-recognition
library_name: transformers
---

# ${name}

Whisper small fine-tuned on Common Voice 17.0 for five European languages.

## Intended uses & limitations

Transcription of read speech in English, French, German, Spanish and Italian, for subtitles and search.
Spontaneous, accented or noisy speech has a much higher error rate; not for live captioning.

## Training and evaluation data

The train and validation splits of Common Voice 17.0 in each language; evaluated on each test split.

## Evaluation

Word and character error rates per language, in the front matter's model-index.
`;
}

function configJson(i: number): string {
  return `${JSON.stringify(
    {
      architectures: ["DistilBertForSequenceClassification"],
      model_type: "distilbert",
      hidden_size: 768,
      num_labels: 2,
      seed: i,
      torch_dtype: "float32",
      transformers_version: "4.44.2",
    },
    null,
    2,
  )}\n`;
}
