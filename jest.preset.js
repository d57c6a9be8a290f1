const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Nest applications load it first thing; decorators of DTOs need it in tests too.
  setupFiles: ['reflect-metadata'],
};
