const express = require('express');

const app = express();
const port = Number(process.env.PORT ?? 80);

app.get('/', (req, res) => {
  res.send('<h1>Course goals</h1><p>Learn Docker, one verified claim at a time.</p>\n');
});

app.listen(port, () => console.log(`goals app listening on port ${port}`));
