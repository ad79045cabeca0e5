#!/usr/bin/env node
// Writes package.json's contributes.walkthroughs (the `learnRnns` walkthrough) and the lesson's
// commands, touching nothing else in the file. Rerun after editing the steps below.
'use strict';
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', 'package.json');
const cmd = (id, args) => `command:${id}${args ? `?${encodeURIComponent(JSON.stringify(args))}` : ''}`;
const md = (n) => ({ markdown: `media/walkthrough/${n}.md` });
const done = (milestone) => [`onContext:seqlab.milestone.${milestone}`];

const steps = [
  {
    id: 'sequenceData', title: 'Sequence data',
    description: `In sequence data the order matters. Copy the first example into your workspace and train it: the dashboard's Data card shows the series the model reads, window by window.\n[Copy and train the example](${cmd('seqlab.lesson.firstRnn')})`,
    media: md('1-sequence-data'), completionEvents: done('firstRun'),
  },
  {
    id: 'firstRnn', title: 'The exercise: a SimpleRNN predicts the next value',
    description: `A SimpleRNN reads a window of a noisy sine wave and predicts the next value. It must beat the persistence baseline (repeat the last value).\n[Train the next-value example](${cmd('seqlab.lesson.firstRnn')})`,
    media: md('2-first-rnn'), completionEvents: done('beatBaseline'),
  },
  {
    id: 'hiddenState', title: 'Hidden state',
    description: `The hidden-state card shows h_t, units × time: what the recurrent connection carries from step to step.\n[Open the latest run's dashboard](${cmd('seqlab.openDashboard')})`,
    media: md('3-hidden-state'), completionEvents: done('firstRun'),
  },
  {
    id: 'vanishingGradients', title: 'Vanishing gradients',
    description: `A SimpleRNN on the adding problem stays at the baseline: the gradient through time fades before it reaches the first marked value.\n[Copy and train the vanishing-gradient example](${cmd('seqlab.lesson.vanishingGradients')})`,
    media: md('4-vanishing-gradients'), completionEvents: done('vanishing'),
  },
  {
    id: 'compareCells', title: 'LSTM and GRU',
    description: `Gated cells carry information (and gradient) across long lags. The same task, the same data and seed, an LSTM.\n[Copy and train the LSTM example](${cmd('seqlab.lesson.compareCells')})`,
    media: md('5-lstm-gru'), completionEvents: done('gatedBeatRnn'),
  },
  {
    id: 'explodingGradients', title: 'Exploding gradients and clipping',
    description: `SGD with momentum and a large recurrent gain diverges; the same with gradient clipping converges.\n[Copy and train both examples](${cmd('seqlab.lesson.explodingGradients')})`,
    media: md('6-exploding-gradients'), completionEvents: done('clipConverged'),
  },
  {
    id: 'seq2seq', title: 'Sequence to sequence (coming)',
    description: 'Encoder and decoder: inputs and outputs of different lengths. This step\'s experiment arrives with the seq2seq task; the step stays open until then.',
    media: md('7-seq2seq'), completionEvents: done('seq2seq'),
  },
  {
    id: 'applications', title: 'Applications: text and forecasting',
    description: `Language modelling and text generation, and forecasting a real CSV series.\n[Copy and train the text example](${cmd('seqlab.lesson.textApplication')})\n[Copy and train the CSV example](${cmd('seqlab.lesson.csvApplication')})`,
    media: md('8-applications'), completionEvents: done('applicationRun'),
  },
  {
    id: 'nextSteps', title: 'Next steps',
    description: `Change a config and train it again, compare the runs, share the YAML with your team.\n[New experiment from an example](${cmd('seqlab.newExperiment')})`,
    media: md('9-next-steps'), completionEvents: done('changedConfig'),
  },
];

const walkthrough = {
  id: 'learnRnns',
  title: 'Learn Recurrent Networks',
  description: 'Each idea is a small experiment you train and watch. Steps complete when your runs show it.',
  steps,
};

const lessonCommands = [
  ['seqlab.openWalkthrough', 'Open the Walkthrough (Learn Recurrent Networks)', '$(mortar-board)'],
  ['seqlab.lesson.firstRnn', 'Lesson: Train the Next-Value Exercise (SimpleRNN)', '$(play)'],
  ['seqlab.lesson.vanishingGradients', 'Lesson: Train the Vanishing-Gradient Example', '$(play)'],
  ['seqlab.lesson.compareCells', 'Lesson: Train the LSTM Example', '$(play)'],
  ['seqlab.lesson.explodingGradients', 'Lesson: Train the Exploding-Gradient Examples (without and with clipping)', '$(play)'],
  ['seqlab.lesson.textApplication', 'Lesson: Train the Text Example', '$(play)'],
  ['seqlab.lesson.csvApplication', 'Lesson: Train the CSV Forecasting Example', '$(play)'],
].map(([command, title, icon]) => ({ command, title, category: 'Sequence Lab', icon }));

const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
pkg.contributes.walkthroughs = [walkthrough];
// Ours are updated where they are and appended when missing; other helpers' commands keep their order.
const byId = new Map(lessonCommands.map((c) => [c.command, c]));
const updated = pkg.contributes.commands.map((c) => byId.get(c.command) ?? c);
const present = new Set(updated.map((c) => c.command));
pkg.contributes.commands = [...updated, ...lessonCommands.filter((c) => !present.has(c.command))];
// No activation event to add: VS Code activates an extension on `onWalkthrough:learnRnns` by itself (1.74+).
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: walkthrough learnRnns with ${steps.length} steps, ${lessonCommands.length} commands`);
