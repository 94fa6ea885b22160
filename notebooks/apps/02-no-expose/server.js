const http = require('http');

http
  .createServer((req, res) => res.end('<h1>No EXPOSE here</h1>\n'))
  .listen(80, () => console.log('listening on port 80'));
