import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { OssPresignModuleExtras, OssPresignModuleOptions } from './options.js';
import { presignControllerAt } from './presign.controller.js';
import { OSS_PRESIGN_OPTIONS } from './tokens.js';

const DEFAULT_EXTRAS: Required<OssPresignModuleExtras> = { isGlobal: false, path: 'api/oss', controller: true };

/** `forRoot` / `forRootAsync`, with `isGlobal`, `path` and `controller` beside the options. */
export const { ConfigurableModuleClass: OssPresignConfigurableModule, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } = new ConfigurableModuleBuilder<OssPresignModuleOptions>({
  moduleName: 'OssPresign',
  optionsInjectionToken: OSS_PRESIGN_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setExtras<OssPresignModuleExtras>(DEFAULT_EXTRAS, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal ?? DEFAULT_EXTRAS.isGlobal,
    // The path must be known when the module is defined: Nest reads a controller's path once, at startup.
    controllers: extras.controller === false ? [] : [presignControllerAt(extras.path ?? DEFAULT_EXTRAS.path)],
  }))
  .build();
