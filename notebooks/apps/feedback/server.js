const fs = require('node:fs/promises');
const path = require('node:path');
const express = require('express');

const app = express();
app.use(express.text());

// A draft is written to /app/temp first, then moved into /app/feedback (the data to keep).
app.post('/feedback/:title', async (req, res) => {
  const file = `${req.params.title.replace(/[^\w-]/g, '')}.txt`;
  const draft = path.join(__dirname, 'temp', file);
  const final = path.join(__dirname, 'feedback', file);
  try {
    await fs.access(final);
    return res.status(409).send(`feedback "${file}" exists already\n`);
  } catch {}
  await fs.writeFile(draft, req.body ?? '');
  await fs.copyFile(draft, final);
  await fs.unlink(draft);
  res.status(201).send(`stored ${file}\n`);
});

app.get('/feedback/:title', async (req, res) => {
  const file = path.join(__dirname, 'feedback', `${req.params.title.replace(/[^\w-]/g, '')}.txt`);
  try {
    res.send(await fs.readFile(file, 'utf8'));
  } catch {
    res.status(404).send('no such feedback\n');
  }
});

app.get('/', (req, res) => res.send('<h1>Feedback</h1>\n'));

app.listen(80, () => console.log('feedback app listening on port 80'));
