import { connect } from '../../src/core/connect.ts';
import { describeCourse } from '../support/course.ts';

// Every notebook of the course, on the engine the suite brought up (test/setup/engine.ts): a
// describe block per notebook, a test per cell (see describeCourse).
describeCourse({ engine: () => connect() });
